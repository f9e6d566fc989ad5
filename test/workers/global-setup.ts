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
  root.route('/', sandbox.app)
  serveSandboxMessagingApi(root, sandbox)
  project.provide('lineSandboxUrl', url)
  return () => new Promise<void>((resolve) => server.close(() => resolve()))
}
