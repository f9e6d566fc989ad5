// Closed-loop HTTP load at fixed concurrency from a worker thread of this process (its own event loop, so the
// client never waits behind the server's), with keep-alive connections; reports throughput and latency percentiles.
import { Worker } from 'node:worker_threads'
import { percentile } from './report'

export interface LoadOptions {
  url: string
  method?: string
  body?: string
  /** Request bodies, used round-robin instead of `body`; `{{seq}}` in a body becomes a number unique to the request. */
  bodies?: string[]
  /** Pause of each simulated user between its requests (a cashier serving the next customer); default none. */
  thinkMs?: number
  /**
   * With `thinkMs`: each user first waits a random part of one think time, so the users are out of step as
   * independent people are. Without it they all start at once and, pausing exactly `thinkMs`, stay nearly in step:
   * every cycle is one burst of `concurrency` requests.
   */
  staggered?: boolean
  /** Request headers, used round-robin (e.g. one session per simulated member). */
  headers?: Record<string, string>[]
  concurrency: number
  warmupMs: number
  durationMs: number
  /** Status counted as success (default 200); anything else is an error. */
  expectStatus?: number
}

export interface RawLoadResult {
  latencies: number[]
  statuses: Record<string, number>
  errors: number
  measuredMs: number
}

export interface LoadResult {
  requests: number
  errors: number
  statuses: Record<string, number>
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript: register tsx in it first (workers do not inherit the parent's module hooks on Node 20).
    const entry = new URL('./load-worker.ts', import.meta.url).href
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`
    const worker = new Worker(boot, { eval: true, workerData: options })
    worker.once('message', (raw: RawLoadResult) => {
      const sorted = Float64Array.from(raw.latencies).sort()
      const ok = sorted.length
      resolve({
        requests: ok + raw.errors,
        errors: raw.errors,
        statuses: raw.statuses,
        rps: (ok / raw.measuredMs) * 1000,
        p50: percentile(sorted as unknown as number[], 50),
        p90: percentile(sorted as unknown as number[], 90),
        p99: percentile(sorted as unknown as number[], 99),
        max: ok ? sorted[ok - 1]! : NaN,
      })
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`))
    })
  })
}

export const formatLoad = (r: LoadResult) =>
  `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p90 ${r.p90.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms` +
  (r.errors ? `, ${r.errors} errors ${JSON.stringify(r.statuses)}` : '')
