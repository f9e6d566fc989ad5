// body-limits: the Node server's peak memory while strangers POST huge chunked bodies (no Content-Length) to the two
// public routes that read one: the webhook and the account-link login form. Each gets 3 × 500 MiB in parallel,
// generated as they are sent; the server runs in a child process, so its peak RSS is its own.
import { fork, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { ServerMemory } from './support/body-limits-server'
import { machineLine, table, verdict } from './support/report'

const mib = 1024 * 1024
const bodyBytes = Number(process.env.BENCH_BODY_MIB ?? 500) * mib
const parallel = 3
/** The measurement before the limits: 500 MiB took the server from 239 MB to 1.77 GB. */
export const targetGrowthMib = 64

interface Sent {
  status: number
  body: string
  sentBytes: number
}

/** POSTs `total` bytes chunked, made 64 KiB at a time as the socket takes them; stops once the server answers. */
function postChunked(url: string, contentType: string, total: number): Promise<Sent> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let sentBytes = 0
    let answer: { status: number; body: string } | undefined
    let done = false
    const finish = () => {
      if (done) return
      done = true
      req.destroy()
      resolve({ status: answer?.status ?? 0, body: answer?.body ?? '', sentBytes })
    }
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (part: string) => (body += part))
        res.on('end', () => {
          answer = { status: res.statusCode ?? 0, body }
          finish()
        })
      },
    )
    req.on('error', finish)
    const write = () => {
      while (!answer && !done && sentBytes < total) {
        sentBytes += chunk.length
        if (!req.write(chunk)) return void req.once('drain', write)
      }
      if (sentBytes >= total && !done) req.end()
    }
    write()
  })
}

function ask(child: ChildProcess): Promise<ServerMemory> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as ServerMemory))
    child.send('memory')
  })
}

/** The error code of a JSON answer; a page (the form's own error page) has none. */
function errorCode(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? ''
  } catch {
    return ''
  }
}

const mb = (bytes: number) => `${(bytes / mib).toFixed(1)} MiB`

const routes = [
  { path: '/webhook/line', contentType: 'application/json' },
  { path: '/account-link/login', contentType: 'application/x-www-form-urlencoded' },
]

/** A fresh server per route, so that each peak is that route's own. */
async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./support/body-limits-server.ts', import.meta.url)), [], {
    execArgv: process.execArgv,
  })
  const { url } = await new Promise<{ url: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string })),
  )
  return { child, url }
}

export async function run(): Promise<void> {
  console.log(`body-limits — ${machineLine()}`)
  console.log(
    `${parallel} × ${mb(bodyBytes)} chunked (no Content-Length) to each route, in parallel, a fresh server each:`,
  )
  const rows: (string | number)[][] = [
    ['route', 'answers', 'sent per request', 'RSS before', 'peak RSS', 'peak growth'],
  ]
  let worst = 0
  for (const { path, contentType } of routes) {
    const { child, url } = await startServer()
    try {
      const before = await ask(child)
      const sent = await Promise.all(
        Array.from({ length: parallel }, () => postChunked(`${url}${path}`, contentType, bodyBytes)),
      )
      const after = await ask(child)
      const growth = after.maxRss - before.maxRss
      worst = Math.max(worst, growth)
      const codes = [...new Set(sent.map((s) => `${s.status} ${errorCode(s.body)}`.trim()))]
      rows.push([
        `POST ${path}`,
        codes.join(', '),
        sent.map((s) => mb(s.sentBytes)).join(' / '),
        mb(before.rss),
        mb(after.maxRss),
        mb(growth),
      ])
    } finally {
      child.send('stop')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  }
  console.log(table(rows))
  console.log(
    verdict(
      'server peak RSS growth',
      worst <= targetGrowthMib * mib,
      `${mb(worst)} at most (target ≤ ${targetGrowthMib} MiB, whatever is sent)`,
    ),
  )
}
