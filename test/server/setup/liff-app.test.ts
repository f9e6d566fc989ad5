import { liff } from '@line/bot-sdk'
import { beforeEach, describe, expect, it } from 'vitest'
import { schemaCheck } from '../../../server/sandbox/line-openapi/schema-validator'
import { ensureLiffApp, loginChannelToken } from '../../../server/setup/liff-app'
import { SetupError } from '../../../server/setup/setup-error'
import { testAppPerTest } from '../../support/test-app'

const wanted = { endpointUrl: 'https://members.example.jp', description: 'つなぐ会員証' }

describe('ensureLiffApp against the sandbox’s LIFF server API', () => {
  const t = testAppPerTest({ seed: false })
  let client: liff.LiffClient
  beforeEach(async () => {
    const { apiBaseUrl, loginChannelId, loginChannelSecret } = t.config.line
    const token = await loginChannelToken(apiBaseUrl, loginChannelId, loginChannelSecret)
    client = new liff.LiffClient({ channelAccessToken: token, baseURL: apiBaseUrl })
  })

  it('creates the app with the endpoint, scopes, add-friend prompt and QR reader, then changes nothing on a re-run', async () => {
    const first = await ensureLiffApp(client, wanted)
    expect(first.changes).toEqual([`created LIFF app ${first.liffId} for https://members.example.jp`])
    const listed = await client.getAllLIFFApps()
    expect(schemaCheck('liff', 'GetAllLiffAppsResponse')(listed)).toEqual([])
    expect(listed.apps).toEqual([
      {
        liffId: first.liffId,
        view: { type: 'full', url: 'https://members.example.jp' },
        description: 'つなぐ会員証',
        features: { qrCode: true },
        permanentLinkPattern: 'concat',
        scope: ['openid', 'profile'],
        botPrompt: 'aggressive',
      },
    ])

    expect(await ensureLiffApp(client, wanted)).toEqual({ liffId: first.liffId, changes: [] })
    expect(await ensureLiffApp(client, wanted, first.liffId)).toEqual({ liffId: first.liffId, changes: [] })
  })

  it('updates only what differs on the configured app, and says what it changed', async () => {
    const { liffId } = await ensureLiffApp(client, wanted)
    await client.updateLIFFApp(liffId, { botPrompt: 'none', features: { qrCode: false } })
    const moved = { ...wanted, endpointUrl: 'https://shop.example.jp' }
    const result = await ensureLiffApp(client, moved, liffId)
    expect(result.changes).toEqual([
      `LIFF app ${liffId}: endpoint https://members.example.jp → https://shop.example.jp`,
      `LIFF app ${liffId}: QR code reader on`,
      `LIFF app ${liffId}: add-friend prompt aggressive`,
    ])
    expect(t.sandbox.liff.apps.get(liffId)).toMatchObject({
      view: { url: 'https://shop.example.jp' },
      botPrompt: 'aggressive',
      features: { qrCode: true },
    })
    expect(t.sandbox.liff.apps.size).toBe(1)
  })

  it('stops with a sentence naming the setting when LINE refuses the channel’s id or secret, or the LIFF id', async () => {
    const { apiBaseUrl, loginChannelId } = t.config.line
    await expect(loginChannelToken(apiBaseUrl, loginChannelId, 'wrong-secret')).rejects.toThrow(
      /LINE refused to issue a token for the LINE Login channel: 400 invalid client_id or client_secret\. Check LINE_LOGIN_CHANNEL_ID and LINE_LOGIN_CHANNEL_SECRET/,
    )
    const stranger = new liff.LiffClient({ channelAccessToken: 'not-a-token', baseURL: apiBaseUrl })
    await expect(ensureLiffApp(stranger, wanted)).rejects.toThrow(/LINE refused to list the LIFF apps: 401/)
    await expect(ensureLiffApp(client, wanted, '1660000001-missing')).rejects.toThrow(SetupError)
    expect(t.sandbox.liff.apps.size).toBe(0)
  })

  it('refuses, as LINE does, an endpoint that is not https (loopback aside, where the rehearsal runs)', async () => {
    await expect(ensureLiffApp(client, { ...wanted, endpointUrl: 'http://members.example.jp' })).rejects.toThrow(
      /LINE refused to create the LIFF app: 400 view.url must use https/,
    )
    expect((await ensureLiffApp(client, { ...wanted, endpointUrl: 'http://127.0.0.1:8787' })).changes).toHaveLength(1)
  })
})
