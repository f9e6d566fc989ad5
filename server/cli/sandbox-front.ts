// The LINE sandbox on Node in front of a Worker under `wrangler dev`, on one origin: /sandbox and LINE's API paths
// (/v2, /liff, /oauth2) are answered here, every other path goes to the Worker.
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { proxy } from 'hono/proxy'
import type { Config } from '../config'
import { readableRequest } from '../middleware/body-limit'
import { createSandboxFor, serveSandboxMessagingApi, type Sandbox } from '../sandbox'

export interface SandboxFront {
  sandbox: Sandbox
  server: ServerType
  close(): Promise<void>
}

/** Serves the sandbox of `config` (a sandbox config) at 127.0.0.1:`port`, proxying the rest to `workerOrigin`. */
export async function startSandboxFront(config: Config, port: number, workerOrigin: string): Promise<SandboxFront> {
  const sandbox = await createSandboxFor(config)
  const front = new Hono()
  front.route('/sandbox', sandbox.app)
  serveSandboxMessagingApi(front, sandbox)
  // A POST to a /sandbox path no sandbox route answers comes here with its body read by the sandbox's limit.
  front.all('*', (c) => {
    const url = new URL(c.req.url)
    return proxy(`${workerOrigin}${url.pathname}${url.search}`, readableRequest(c.req.raw))
  })
  const server = serve({ fetch: front.fetch, port, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return {
    sandbox,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections (the Worker's to the sandbox) would hold the close up until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
