// Serves a fetch handler on a free loopback port, for the parts that must be reached over real HTTP.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

export interface Served {
  url: string
  close(): Promise<void>
}

export function serveOnLoopback(fetch: (req: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      })
    })
  })
}
