// Worker-thread side of the load driver: keep-alive HTTP clients at fixed concurrency, latencies after warm-up.
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import type { LoadOptions, RawLoadResult } from './load'

const o = workerData as LoadOptions
// FIFO: the free connection used longest ago goes next, so with think time each is used about once a cycle. With
// LIFO (Node's default), a slow server left most of the 50 idle for 5 s, the server's keep-alive timeout: it closed
// them, and a request sent on one just as it closed was a read ECONNRESET (2 of 5 in-step checkout-earn runs on a busy
// machine).
const agent = new Agent({
  keepAlive: true,
  maxSockets: o.concurrency,
  maxFreeSockets: o.concurrency,
  scheduling: 'fifo',
})
const target = new URL(o.url)
const headerSets = o.headers && o.headers.length > 0 ? o.headers : [{}]

const latencies: number[] = []
const statuses: Record<string, number> = {}
let errors = 0
let next = 0

const bodies = o.bodies && o.bodies.length > 0 ? o.bodies : undefined
let seq = 0
const nextBody = (i: number) => bodies?.[i % bodies.length]!.replaceAll('{{seq}}', String(++seq)) ?? o.body

function once(headers: Record<string, string>, body: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: o.method ?? 'GET',
        headers,
      },
      (res) => {
        res.on('data', () => {})
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function user(measureFrom: number, stopAt: number): Promise<void> {
  if (o.staggered && o.thinkMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * o.thinkMs!))
  while (performance.now() < stopAt) {
    const i = next++
    const headers = headerSets[i % headerSets.length]!
    const started = performance.now()
    let status: number
    try {
      status = await once(headers, nextBody(i))
    } catch {
      status = -1
    }
    if (started >= measureFrom) {
      const key = String(status)
      statuses[key] = (statuses[key] ?? 0) + 1
      if (status === (o.expectStatus ?? 200)) latencies.push(performance.now() - started)
      else errors++
    }
    if (o.thinkMs) await new Promise((resolve) => setTimeout(resolve, o.thinkMs))
  }
}

const begin = performance.now()
const measureFrom = begin + o.warmupMs
const stopAt = measureFrom + o.durationMs
await Promise.all(Array.from({ length: o.concurrency }, () => user(measureFrom, stopAt)))
agent.destroy()
const result: RawLoadResult = { latencies, statuses, errors, measuredMs: performance.now() - measureFrom }
parentPort!.postMessage(result)
