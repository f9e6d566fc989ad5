import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { loadConfig } from '../../../server/config'
import { createLinePlatform } from '../../../server/line/platform'
import { createMessagingSandbox } from '../../../server/sandbox/messaging'
import { serveOnLoopback } from '../../support/serve'

describe('LINE platform botUserId', () => {
  const config = loadConfig({ LINE_SANDBOX: 'on' })
  const sandbox = createMessagingSandbox({ channelAccessToken: config.line.channelAccessToken })
  let served: Awaited<ReturnType<typeof serveOnLoopback>>
  let calls = 0
  beforeAll(async () => {
    const root = new Hono().all('/v2/*', (c) => {
      if (c.req.path === '/v2/bot/info') calls++
      return sandbox.app.fetch(c.req.raw)
    })
    served = await serveOnLoopback((req) => root.fetch(req))
  })
  afterAll(() => served.close())

  const platform = (botUserId?: string) =>
    createLinePlatform({ ...config.line, apiBaseUrl: served.url, botUserId }, () => new Date())

  it('asks LINE once, asks again after a failed call, and keeps the answer', async () => {
    const line = platform()
    sandbox.faults.rateLimitBurst = 1
    await expect(line.botUserId()).rejects.toMatchObject({ status: 429 })
    expect(await line.botUserId()).toBe(sandbox.bot.userId)
    expect(await line.botUserId()).toBe(sandbox.bot.userId)
    expect(calls).toBe(2)
  })

  it('does not ask LINE when LINE_BOT_USER_ID is configured', async () => {
    const before = calls
    expect(await platform(`U${'cd'.repeat(16)}`).botUserId()).toBe(`U${'cd'.repeat(16)}`)
    expect(calls).toBe(before)
  })
})
