import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiBodyLimitBytes } from '../../../server/app'
import type { ReportError } from '../../../server/env'
import { createTestApp, json, type TestApp } from '../../support/test-app'

describe('requestLog', () => {
  let t: TestApp
  const lines: string[] = []
  const reported: { err: unknown; request: Parameters<ReportError>[1] }[] = []
  beforeAll(async () => {
    t = await createTestApp({
      log: (line) => lines.push(line),
      reportError: (err, request) => void reported.push({ err, request }),
    })
    t.app.get('/test/unexpected', () => {
      throw new Error('a bug')
    })
    t.app.get('/test/own-response', () => new Response('built by the handler'))
  })
  afterAll(() => t.close())

  /** The access lines written while `send` runs. */
  async function linesOf(send: () => Promise<Response> | Response) {
    const from = lines.length
    const res = await send()
    return { res, lines: lines.slice(from) }
  }

  it('writes exactly one JSON line per request, with no token, cookie or query string in it', async () => {
    const token = await t.signIn('customer')
    const { res, lines: written } = await linesOf(() =>
      t.app.request('/api/card?ticket=secret-ticket&lineUserId=U123', {
        headers: { authorization: `Bearer ${token}`, cookie: 'session=secret-cookie' },
      }),
    )
    expect(res.status).toBe(200)
    expect(written).toHaveLength(1)
    const entry = JSON.parse(written[0]!)
    expect(entry).toEqual({
      time: t.clock.now.toISOString(),
      event: 'request',
      requestId: res.headers.get('x-request-id'),
      method: 'GET',
      path: '/api/card',
      status: 200,
      ms: expect.any(Number),
    })
    for (const secret of [token, 'secret-ticket', 'U123', 'secret-cookie', '?'])
      expect(written[0]).not.toContain(secret)
  })

  it('logs the route’s pattern, not the ids in the path', async () => {
    const token = await t.signIn('staff')
    const { lines: written } = await linesOf(() =>
      t.app.request('/api/staff/checkout/members/0000000018', { headers: { authorization: `Bearer ${token}` } }),
    )
    expect(written.map((line) => JSON.parse(line).path)).toEqual(['/api/staff/checkout/members/:memberNumber'])
  })

  it('answers X-Request-Id on a 200, a 404, a 413, a 500 and a handler’s own response, each logged with its status', async () => {
    const answers = await Promise.all([
      t.app.request('/healthz'),
      t.app.request('/api/nope'),
      t.app.request('/api/session', json({ idToken: 'x'.repeat(apiBodyLimitBytes) })),
      t.app.request('/test/unexpected'),
      t.app.request('/test/own-response'),
    ])
    expect(answers.map((res) => res.status)).toEqual([200, 404, 413, 500, 200])
    for (const res of answers) await res.text() // the header survives reading the body
    const ids = answers.map((res) => res.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(ids).size).toBe(answers.length)
    const logged = lines.map((line) => JSON.parse(line))
    for (const [i, res] of answers.entries())
      expect(logged.filter((e) => e.requestId === ids[i]).map((e) => e.status)).toEqual([res.status])
  })

  it('keeps a well-formed id given by a proxy in front, and replaces anything else', async () => {
    const given = async (headers: Record<string, string>) =>
      (await t.app.request('/healthz', { headers })).headers.get('x-request-id')
    expect(await given({ 'x-request-id': 'lb-7f3a.01:2' })).toBe('lb-7f3a.01:2')
    expect(await given({ 'cf-ray': '8d1b2c3d4e5f6a7b-NRT' })).toBe('8d1b2c3d4e5f6a7b-NRT')
    for (const bad of ['a b', 'x'.repeat(129), '"},"status":200', 'é'])
      expect(await given({ 'x-request-id': bad })).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('tells reportError of an unexpected error with the request’s id, and not of refusals', async () => {
    reported.splice(0)
    await t.app.request('/api/nope')
    await t.app.request('/api/card')
    expect(reported).toEqual([])
    const res = await t.app.request('/test/unexpected?token=secret')
    expect(reported).toEqual([
      {
        err: expect.objectContaining({ message: 'a bug' }),
        request: { requestId: res.headers.get('x-request-id'), method: 'GET', path: '/test/unexpected' },
      },
    ])
  })

  it('keeps the work reportError returns alive after the answer, and answers 500 if reportError itself fails', async () => {
    let sent = false
    const tracked = await createTestApp({
      reportError: () => Promise.resolve().then(() => (sent = true)),
    })
    const failing = await createTestApp({
      reportError: () => {
        throw new Error('tracker down')
      },
    })
    try {
      for (const app of [tracked, failing])
        app.app.get('/test/unexpected', () => {
          throw new Error('a bug')
        })
      expect((await tracked.app.request('/test/unexpected')).status).toBe(500)
      await tracked.settle()
      expect(sent).toBe(true)
      expect((await failing.app.request('/test/unexpected')).status).toBe(500)
    } finally {
      await tracked.close()
      await failing.close()
    }
  })
})
