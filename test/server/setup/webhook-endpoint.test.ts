import { messagingApi } from '@line/bot-sdk'
import { beforeEach, describe, expect, it } from 'vitest'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'
import { ensureWebhookEndpoint } from '../../../server/setup/webhook-endpoint'
import { testAppPerTest } from '../../support/test-app'

describe('ensureWebhookEndpoint against the sandbox', () => {
  const t = testAppPerTest({ seed: false })
  let client: messagingApi.MessagingApiClient
  const endpoint = 'https://members.example.jp/webhook/line'
  beforeEach(async () => {
    const { apiBaseUrl, channelAccessToken } = t.config.line
    client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: apiBaseUrl })
  })

  it('sets the webhook URL, has LINE test it against the server, and changes nothing on a re-run', async () => {
    const first = await ensureWebhookEndpoint(client, endpoint)
    expect(first).toEqual({
      changes: [expect.stringMatching(/ → https:\/\/members\.example\.jp\/webhook\/line$/)],
      tested: '200 OK',
    })
    const current = await client.getWebhookEndpoint()
    expect(schemaCheck('messaging-api', 'GetWebhookEndpointResponse')(current)).toEqual([])
    expect(current).toEqual({ endpoint, active: true })
    expect(await ensureWebhookEndpoint(client, endpoint)).toEqual({ changes: [], tested: '200 OK' })
  })

  it('stops with LINE’s answer when the webhook test fails (the server answers 404 there), after setting the URL', async () => {
    const wrong = 'https://members.example.jp/not-the-webhook'
    await expect(ensureWebhookEndpoint(client, wrong)).rejects.toThrow(
      /LINE's webhook test of https:\/\/members\.example\.jp\/not-the-webhook failed: 404 ERROR_STATUS_CODE/,
    )
  })

  it('stops with a sentence naming the token when LINE refuses it, having changed nothing', async () => {
    const stranger = new messagingApi.MessagingApiClient({
      channelAccessToken: 'wrong',
      baseURL: t.config.line.apiBaseUrl,
    })
    await expect(ensureWebhookEndpoint(stranger, endpoint)).rejects.toThrow(
      /LINE refused to read the webhook URL: 401 .*Check LINE_CHANNEL_ACCESS_TOKEN/,
    )
    expect(t.sandbox.webhook.endpoint.url).not.toBe(endpoint)
  })

  it('sends later webhook events to the URL that was set, as LINE does', async () => {
    const user = 'U0000000000000000000000000000new1'
    await ensureWebhookEndpoint(client, endpoint)
    expect((await t.sandbox.webhook.follow(user)).status).toBe(200)
    await client.setWebhookEndpoint({ endpoint: 'https://members.example.jp/elsewhere' })
    expect((await t.sandbox.webhook.follow(user)).status).toBe(404)
  })
})
