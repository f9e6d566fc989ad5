import { describe, expect, it } from 'vitest'
import { schemaCheck } from '../../../../server/sandbox/line-openapi/schema-validator'
import { createMessagingSandbox } from '../../../../server/sandbox/messaging'
import { createWebhookSender } from '../../../../server/sandbox/webhook-sender'

const token = 'sandbox-token'

describe('messaging sandbox GET /v2/bot/info', () => {
  const sandbox = createMessagingSandbox({ channelAccessToken: token })
  const get = (auth = `Bearer ${token}`) => sandbox.app.request('/v2/bot/info', { headers: { authorization: auth } })

  it("answers LINE's BotInfoResponse with the user id the sandbox's webhooks name as destination", async () => {
    const res = await get()
    expect(res.status).toBe(200)
    const info = (await res.json()) as { userId: string }
    expect(schemaCheck('messaging-api', 'BotInfoResponse')(info)).toEqual([])
    expect(info.userId).toMatch(/^U[0-9a-f]{32}$/)
    const sender = createWebhookSender({
      webhookUrl: 'http://127.0.0.1:1/webhook/line',
      channelSecret: 's',
      messaging: sandbox,
    })
    expect(sender.destination).toBe(info.userId)
  })

  it('refuses a wrong access token like every other endpoint', async () => {
    expect((await get('Bearer nope')).status).toBe(401)
  })
})
