// The outbox's lean push (server/line/push.ts) against the sandbox, which validates every request against LINE's
// OpenAPI spec: the same request as the SDK's pushMessage, and LINE's refusals thrown and classified as the SDK's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { HTTPFetchError } from '@line/bot-sdk'
import { loadConfig } from '../../../server/config'
import { createLinePlatform } from '../../../server/line/platform'
import { classifySendError } from '../../../server/outbox/policy'
import { createMessagingSandbox } from '../../../server/sandbox/messaging'
import { serveOnLoopback } from '../../support/serve'

interface Seen {
  method: string
  path: string
  headers: Record<string, string>
  body: unknown
}

describe('lean LINE push', () => {
  const config = loadConfig({ LINE_SANDBOX: 'on' })
  const sandbox = createMessagingSandbox({ channelAccessToken: config.line.channelAccessToken })
  let served: Awaited<ReturnType<typeof serveOnLoopback>>
  const seen: Seen[] = []
  beforeAll(async () => {
    const root = new Hono().all('/v2/*', async (c) => {
      const raw = c.req.raw
      seen.push({
        method: raw.method,
        path: c.req.path,
        headers: Object.fromEntries(raw.headers),
        body: await raw.clone().json(),
      })
      return sandbox.app.fetch(raw)
    })
    served = await serveOnLoopback((req) => root.fetch(req))
  })
  afterAll(() => served.close())

  const line = () => createLinePlatform({ ...config.line, apiBaseUrl: served.url }, () => new Date())
  const user = `U${'ab'.repeat(16)}`
  const messages = [{ type: 'text', text: 'ご予約のお知らせ "引用" \\ 改行\n' }]

  it('sends the request the SDK sends: URL, Authorization, Content-Type, X-Line-Retry-Key and body', async () => {
    const [sdkKey, leanKey] = [crypto.randomUUID(), crypto.randomUUID()]
    await line().messaging.pushMessage({ to: user, messages: messages as never }, sdkKey)
    await line().push(user, JSON.stringify(messages), leanKey)
    const [sdk, lean] = seen.slice(-2)
    const relevant = (s: Seen) => ({
      method: s.method,
      path: s.path,
      authorization: s.headers.authorization,
      contentType: s.headers['content-type'],
      body: s.body,
    })
    expect(relevant(lean!)).toEqual(relevant(sdk!))
    expect(lean!.headers.authorization).toBe(`Bearer ${config.line.channelAccessToken}`)
    expect([sdk!.headers['x-line-retry-key'], lean!.headers['x-line-retry-key']]).toEqual([sdkKey, leanKey])
    // Accepted by the spec-validating sandbox, under its retry key.
    const accepted = sandbox.record.requests.filter((r) => r.retryKey === leanKey)
    expect(accepted).toHaveLength(1)
    expect(sandbox.record.inbox.get(user)?.map((m) => m.message)).toEqual([messages[0], messages[0]])
  })

  it('throws LINE refusals as HTTPFetchError, classified as the SDK’s: 409 sent, 429 retried, 400 failed', async () => {
    const key = crypto.randomUUID()
    const push = line().push
    await push(user, JSON.stringify(messages), key)
    const again = await push(user, JSON.stringify(messages), key).catch((err: unknown) => err)
    expect(again).toBeInstanceOf(HTTPFetchError)
    expect(classifySendError(again)).toMatchObject({ kind: 'sent', requestId: expect.any(String) })

    sandbox.faults.rateLimitBurst = 1
    const limited = await push(user, JSON.stringify(messages), crypto.randomUUID()).catch((err: unknown) => err)
    expect(classifySendError(limited)).toMatchObject({ kind: 'retry', status: 429 })

    const invalid = await push(user, '[{"type":"text"}]', crypto.randomUUID()).catch((err: unknown) => err)
    expect(invalid).toMatchObject({ status: 400 })
    expect(classifySendError(invalid)).toMatchObject({ kind: 'failed' })
  })
})
