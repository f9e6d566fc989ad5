import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../../server/sandbox'
import { createLoginSandbox } from '../../../server/sandbox/login'

describe('createSandbox', () => {
  it('mounts the Messaging API, inbox, webhook trigger and login under one app', async () => {
    const webhookCalls: string[] = []
    const sandbox = createSandbox({
      publicUrl: 'http://shop.test/',
      sandboxUrl: 'http://shop.test/sandbox',
      channelAccessToken: 'token',
      channelSecret: 'secret',
      login: await createLoginSandbox({ issuer: 'http://shop.test/sandbox/login', channelId: '1' }),
      fetch: async (url) => {
        webhookCalls.push(String(url))
        return new Response(null, { status: 200 })
      },
    })
    const push = await sandbox.app.request('/line/v2/bot/message/push', {
      method: 'POST',
      headers: { authorization: 'Bearer token', 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'U1', messages: [{ type: 'text', text: 'hi' }] }),
    })
    expect(push.status).toBe(200)
    expect(await (await sandbox.app.request('/inbox/api/U1')).json()).toHaveLength(1)
    expect((await (await sandbox.app.request('/login/jwks.json')).json()).keys).toHaveLength(1)
    const event = await sandbox.app.request('/webhook/events', {
      method: 'POST',
      body: JSON.stringify({ type: 'follow', userId: 'U1' }),
    })
    expect(event.status).toBe(200)
    expect(webhookCalls).toEqual(['http://shop.test/webhook/line'])
    expect(await (await sandbox.app.request('/')).text()).toContain('href="http://shop.test/sandbox/inbox"')
  })
})
