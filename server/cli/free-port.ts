// A loopback port nobody listens on now, for a child process that must be told its port (wrangler dev, sqld).
import { createServer, type AddressInfo } from 'node:net'

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
