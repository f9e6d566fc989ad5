import { beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, testAppPerSuite, type TestApp } from '../../support/test-app'

describe('health checks', () => {
  const t = testAppPerSuite()
  let closed: TestApp
  beforeAll(async () => {
    closed = await createTestApp()
    await closed.close() // its database is gone
  })

  it('/healthz answers while the process runs, without asking the database', async () => {
    for (const app of [t, closed]) {
      const res = await app.app.request('/healthz')
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ status: 'ok', sandbox: true })
    }
  })

  it('/readyz answers 200 once the database answers', async () => {
    const res = await t.app.request('/readyz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ready' })
  })

  it('/readyz answers a JSON 503 while the database does not', async () => {
    const res = await closed.app.request('/readyz')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({
      error: { code: 'database_unavailable', message: 'The database does not answer.' },
    })
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })
})
