import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app'

describe('health checks', () => {
  let t: TestApp
  let closed: TestApp
  beforeAll(async () => {
    t = await createTestApp()
    closed = await createTestApp()
    await closed.close() // its database is gone
  })
  afterAll(() => t.close())

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
