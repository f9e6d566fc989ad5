// Runs on Node before the workers project: serves the LINE sandbox (login, Messaging API and its record) over real HTTP.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { TestProject } from 'vitest/node'
import { sandboxChannel } from '../../server/config'
import { createSandbox, serveSandboxMessagingApi } from '../../server/sandbox'
import { createLoginSandbox } from '../../server/sandbox/login'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the sandbox; the Worker gets it as LINE_SANDBOX_URL (login under `/login`, Messaging API under `/line`). */
    lineSandboxUrl: string
  }
}

export default async function setup(project: TestProject) {
  const root = new Hono()
  const server = serve({ fetch: (req) => root.fetch(req), port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const login = await createLoginSandbox({ issuer: `${url}/login`, channelId: sandboxChannel.loginChannelId })
  const sandbox = createSandbox({
    publicUrl: url,
    sandboxUrl: url,
    channelAccessToken: sandboxChannel.channelAccessToken,
    channelSecret: sandboxChannel.channelSecret,
    login,
  })
  // Another bot's webhook, for the forwarding test: records each POST and answers the status last PUT to /answer.
  const otherBot = { received: [] as { body: string; signature: string | null }[], status: 200 }
  root.post('/__other-bot/hook', async (c) => {
    const body = Buffer.from(await c.req.arrayBuffer()).toString('base64')
    otherBot.received.push({ body, signature: c.req.header('x-line-signature') ?? null })
    return c.body('{}', otherBot.status as 200)
  })
  root.get('/__other-bot/received', (c) => c.json(otherBot.received))
  root.put('/__other-bot/answer', async (c) => {
    otherBot.status = ((await c.req.json()) as { status: number }).status
    return c.json({ status: otherBot.status })
  })
  // A shop system's endpoint, for the outgoing-webhook test: records each POST with its Tsunagu headers.
  const shopSystem = {
    received: [] as { body: string; signature: string | null; eventId: string | null }[],
    status: 200,
  }
  root.post('/__shop-system/hook', async (c) => {
    const [signature, eventId] = [
      c.req.header('x-tsunagu-signature') ?? null,
      c.req.header('x-tsunagu-event-id') ?? null,
    ]
    shopSystem.received.push({ body: await c.req.text(), signature, eventId })
    return c.body('{}', shopSystem.status as 200)
  })
  root.get('/__shop-system/received', (c) => c.json(shopSystem.received))
  root.put('/__shop-system/answer', async (c) => {
    shopSystem.status = ((await c.req.json()) as { status: number }).status
    return c.json({ status: shopSystem.status })
  })
  root.route('/', sandbox.app)
  serveSandboxMessagingApi(root, sandbox)
  project.provide('lineSandboxUrl', url)
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
