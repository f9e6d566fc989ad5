// The sandbox front (server/cli/sandbox-front.ts) over HTTP: LINE's API paths answered by the sandbox, the rest proxied.
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config'
import { startSandboxFront, type SandboxFront } from '../../../server/cli/sandbox-front'
import { personaByKey } from '../../../server/sandbox/personas'
import { serveOnLoopback, type Served } from '../../support/serve'

describe('sandbox front', () => {
  const config = loadConfig({ LINE_SANDBOX: 'on' })
  let worker: Served
  let front: SandboxFront
  let url: string
  beforeAll(async () => {
    // Stands in for the Worker: answers what it was sent.
    worker = await serveOnLoopback(
      async (req) => new Response(`${req.method} ${new URL(req.url).pathname} ${await req.text()}`),
    )
    front = await startSandboxFront(config, 0, worker.url)
    url = `http://127.0.0.1:${(front.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await front.close()
    await worker.close()
  })

  it('proxies a POST to the Worker with its body, also one the sandbox read under its limit first', async () => {
    for (const path of ['/api/session', '/sandbox/no-such-page']) {
      const res = await fetch(`${url}${path}`, { method: 'POST', body: 'つなぐ 😀' })
      expect(await res.text()).toBe(`POST ${path} つなぐ 😀`)
    }
  })

  it("answers LINE's API paths from the sandbox with the body sent: a LIFF token form, a push", async () => {
    const token = await fetch(`${url}/oauth2/v3/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.line.loginChannelId,
        client_secret: config.line.loginChannelSecret,
      }),
    })
    expect(token.status).toBe(200)
    const to = personaByKey('newcomer')!.lineUserId
    const push = await fetch(`${url}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.line.channelAccessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to, messages: [{ type: 'text', text: 'ようこそ' }] }),
    })
    expect(push.status).toBe(200)
    expect(front.sandbox.messaging.record.inbox.get(to)?.at(-1)?.message).toEqual({ type: 'text', text: 'ようこそ' })
  })
})
