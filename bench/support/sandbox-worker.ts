// Worker-thread side of `startSandboxThread`: the LINE messaging sandbox on its own event loop, so the sender under
// test never waits behind it. Answers `summary` messages with what the sandbox accepted.
import type { AddressInfo } from 'node:net'
import { parentPort, workerData } from 'node:worker_threads'
import { serve } from '@hono/node-server'
import { createMessagingSandbox, type SandboxLimits } from '../../server/sandbox/messaging'
import { summarize } from './sandbox-memory'

const { channelAccessToken, limits } = workerData as { channelAccessToken: string; limits: Partial<SandboxLimits> }
const sandbox = createMessagingSandbox({ channelAccessToken, limits })
const server = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  parentPort!.postMessage({ type: 'ready', url: `http://127.0.0.1:${info.port}` }),
)

interface Forwarded {
  type: 'fetch'
  id: number
  url: string
  method: string
  headers: [string, string][]
  body: string | null
}

parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'fetch') {
    const m = message as Forwarded
    void Promise.resolve(sandbox.app.fetch(new Request(m.url, { method: m.method, headers: m.headers, body: m.body })))
      .then(async (res) => ({ status: res.status, headers: [...res.headers], body: await res.text() }))
      .catch((err: unknown) => ({ status: 599, headers: [], body: String(err) }))
      .then((res) => parentPort!.postMessage({ type: 'response', id: m.id, ...res }))
    return
  }
  if (message.type === 'reset') {
    sandbox.reset()
    Object.assign(sandbox.limits, limits)
    parentPort!.postMessage({ type: 'reset' })
  }
  if (message.type === 'summary') parentPort!.postMessage({ type: 'summary', ...summarize(sandbox.record) })
  if (message.type === 'close') server.close(() => process.exit(0))
})
