// The messaging sandbox in a worker thread (see sandbox-worker.ts), with a typed handle to ask what it accepted.
import { Worker } from 'node:worker_threads'
import type { SandboxLimits } from '../../server/sandbox/messaging'

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
}

export interface SandboxThread {
  /** Base URL of LINE's API paths (`${url}/v2/bot/message/push`, ...). */
  url: string
  summary(): Promise<SandboxSummary>
  reset(): Promise<void>
  close(): Promise<void>
}

export function startSandboxThread(channelAccessToken: string, limits: Partial<SandboxLimits>): Promise<SandboxThread> {
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
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (m: { type: string; url: string }) =>
      resolve({
        url: m.url,
        summary: () => ask<SandboxSummary>('summary'),
        reset: () => ask<unknown>('reset').then(() => undefined),
        close: () => new Promise<void>((done) => worker.once('exit', () => done()).postMessage({ type: 'close' })),
      }),
    )
  })
}
