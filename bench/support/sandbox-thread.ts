// The messaging sandbox in a worker thread (see sandbox-worker.ts), with a typed handle to ask what it accepted.
import { Worker } from 'node:worker_threads'
import type { SandboxLimits } from '../../server/sandbox/messaging'
import { withStringBody } from './string-body'

export interface SandboxSummary {
  requests: number
  push: number
  multicast: number
  maxRecipients: number
  /** Users with at least one delivered message, messages delivered, and deliveries beyond one per user. */
  users: number
  delivered: number
  duplicates: number
  firstAt: number
  lastAt: number
  /** Most requests accepted within any 1 s window (the limiter's count). */
  busiestSecond: number
  /** Fewest requests accepted in a whole second from the first acceptance (the sender's steadiness). */
  slowestSecond: number
  /** Requests accepted in each whole second from the first acceptance. */
  perSecond: number[]
  /** The sandbox thread's event loop delay (its own thread only). */
  loopDelayP99Ms?: number
  loopDelayMaxMs?: number
}

export interface SandboxThread {
  /** Base URL of LINE's API paths (`${url}/v2/bot/message/push`, ...). */
  url: string
  summary(): Promise<SandboxSummary>
  reset(): Promise<void>
  close(): Promise<void>
}

/** A request as carried to the sandbox thread (`port`). */
export interface Forwarded {
  type: 'fetch'
  id: number
  url: string
  method: string
  headers: [string, string][]
  body: string | null
}

/** A response whose body is already a string (see string-body.ts). */
export class StringBodyResponse extends withStringBody(Response) {
  constructor(text: string, init: ResponseInit) {
    super(null, init)
    this.setBodyText(text)
  }
}

const isPlainHeaders = (headers: HeadersInit | undefined): headers is Record<string, string> | undefined =>
  headers === undefined || (typeof headers === 'object' && !Array.isArray(headers) && !(headers instanceof Headers))

/**
 * `http`: the sandbox serves loopback HTTP from its thread. `port`: `fetch` calls for a made-up origin are carried
 * to the sandbox thread as messages: two threads and no socket stack, so the sender's own cost is what is measured.
 */
export function startSandboxThread(
  channelAccessToken: string,
  limits: Partial<SandboxLimits>,
  via: 'http' | 'port' = 'http',
): Promise<SandboxThread> {
  const entry = new URL('./sandbox-worker.ts', import.meta.url).href
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`
  const worker = new Worker(boot, { eval: true, workerData: { channelAccessToken, limits } })
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (m: { type: string } & T) => {
        if (m.type !== type) return
        worker.off('message', onMessage)
        resolve(m)
      }
      worker.on('message', onMessage)
      worker.postMessage({ type })
    })
  const realFetch = globalThis.fetch
  const origin = 'http://line-sandbox-thread.invalid'
  if (via === 'port') {
    const waiting = new Map<number, (res: Response) => void>()
    let next = 0
    worker.on(
      'message',
      (m: { type: string; id: number; status: number; headers: [string, string][]; body: string }) => {
        if (m.type !== 'response') return
        waiting.get(m.id)?.(
          new StringBodyResponse(m.status === 204 ? '' : m.body, { status: m.status, headers: m.headers }),
        )
        waiting.delete(m.id)
      },
    )
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const href = input instanceof Request ? input.url : String(input)
      if (!href.startsWith(origin)) return realFetch(input, init)
      const id = ++next
      const post = (message: Omit<Forwarded, 'type' | 'id'>) =>
        new Promise<Response>((resolve) => {
          waiting.set(id, resolve)
          worker.postMessage({ type: 'fetch', id, ...message })
        })
      // What the SDK passes (a URL, a string body, a plain header object) goes as it is: building a Request here
      // would be this transport's cost, not the sender's. Anything else takes the general path.
      const body = init?.body
      const headers = init?.headers
      if (!(input instanceof Request) && (body == null || typeof body === 'string') && isPlainHeaders(headers))
        return post({
          url: href,
          method: init?.method ?? 'GET',
          headers: Object.entries(headers ?? {}),
          body: body ?? null,
        })
      const request = new Request(input, init)
      return post({
        url: request.url,
        method: request.method,
        headers: [...request.headers],
        body: request.body ? await request.text() : null,
      })
    }) as typeof fetch
  }
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (m: { type: string; url: string }) =>
      resolve({
        url: via === 'port' ? origin : m.url,
        summary: () => ask<SandboxSummary>('summary'),
        reset: () => ask<unknown>('reset').then(() => undefined),
        close: () => {
          globalThis.fetch = realFetch
          return new Promise<void>((done) => worker.once('exit', () => done()).postMessage({ type: 'close' }))
        },
      }),
    )
  })
}
