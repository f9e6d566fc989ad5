// Worker-thread side of `startSandboxThread`: the LINE messaging sandbox on its own event loop, so the sender under
// test never waits behind it. Answers `summary` messages with what the sandbox accepted.
import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { serve } from '@hono/node-server'
import { createMessagingSandbox, type SandboxLimits } from '../../server/sandbox/messaging'
import { summarize } from './sandbox-memory'
import type { Forwarded } from './sandbox-thread'
import { withStringBody } from './string-body'

const { channelAccessToken, limits } = workerData as { channelAccessToken: string; limits: Partial<SandboxLimits> }
const sandbox = createMessagingSandbox({ channelAccessToken, limits })
// How late this thread's event loop ran (GC, the machine): acceptance times are taken when a request is handled.
const loopDelay = monitorEventLoopDelay({ resolution: 1 })
loopDelay.enable()
const server = serve({ fetch: sandbox.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  parentPort!.postMessage({ type: 'ready', url: `http://127.0.0.1:${info.port}` }),
)

/** A request whose body is already a string: Hono reads bodies through `text()`, so no body stream is built. */
class StringBodyRequest extends withStringBody(Request) {
  constructor(m: Forwarded) {
    super(m.url, { method: m.method, headers: m.headers })
    this.setBodyText(m.body ?? '')
  }
}

/**
 * The body of the sandbox's answer. `c.json()` in this thread makes @hono/node-server's light Response, which keeps
 * `[status, body, headers]` under a `cache` symbol until asked for a stream; read the string from there if it is.
 */
function responseText(res: Response): Promise<string> {
  const cache = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache')
  const body = cache ? (res as unknown as Record<symbol, unknown[]>)[cache]?.[1] : undefined
  return typeof body === 'string' ? Promise.resolve(body) : res.text()
}

parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'fetch') {
    const m = message as Forwarded
    void Promise.resolve(sandbox.app.fetch(new StringBodyRequest(m)))
      .then(async (res) => ({ status: res.status, headers: [...res.headers], body: await responseText(res) }))
      .catch((err: unknown) => ({ status: 599, headers: [], body: String(err) }))
      .then((res) => parentPort!.postMessage({ type: 'response', id: m.id, ...res }))
    return
  }
  if (message.type === 'reset') {
    sandbox.reset()
    Object.assign(sandbox.limits, limits)
    loopDelay.reset()
    parentPort!.postMessage({ type: 'reset' })
  }
  if (message.type === 'summary') {
    const delay = { loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 }
    parentPort!.postMessage({ type: 'summary', ...summarize(sandbox.record), ...delay })
  }
  if (message.type === 'close') server.close(() => process.exit(0))
})
