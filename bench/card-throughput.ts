// card-throughput: GET /api/card on Node + embedded libsql with 1M members and 10M ledger rows, as a ratio to a bare
// Hono /ping served by the same process and driven by the same client. With BENCH_CARD_WRITES=<n>, one more phase
// (no target) reads cards while points are earned n times a second, on a private copy of the database.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { startNodeServer } from '../server/node-server'
import { addPoints } from '../server/data/ledger'
import { signSession } from '../server/session-token'
import { bigDb, copyBigDb, lineUserIdFor, sampleLinkedMembers } from './fixtures/big-db'
import { formatLoad, runLoad, type LoadOptions, type LoadResult } from './support/load'
import { machineLine, verdict } from './support/report'

export const targetRatio = 0.5
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32)
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const warmupMs = 2_000
const sessions = 10_000
/** Earns a second during the optional extra phase (0: no such phase). */
const writesPerSecond = Number(process.env.BENCH_CARD_WRITES ?? 0)

async function servePing(): Promise<{ url: string; server: ServerType }> {
  const app = new Hono().get('/ping', (c) => c.text('pong'))
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}/ping`, server }),
    )
  })
}

export async function run(): Promise<void> {
  console.log(`card-throughput — ${machineLine()}`)
  const db = await bigDb()
  const o = db.options
  console.log(
    `database: ${o.members.toLocaleString()} members (${Math.round(o.linkedShare * 100)}% linked), ${o.ledgerRows.toLocaleString()} ledger rows, ` +
      `${o.reservations.toLocaleString()} reservations; ${(db.bytes / 2 ** 30).toFixed(2)} GiB; ` +
      (db.generatedMs === null ? `reused ${db.path}` : `generated in ${(db.generatedMs / 1000).toFixed(1)} s`),
  )

  // The extra phase writes: then the server gets a private copy, so the cached database stays as generated.
  const copyDir = writesPerSecond > 0 ? mkdtempSync(join(tmpdir(), 'tsunagu-card-writes-')) : null
  const server = await startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: copyDir ? copyBigDb(db, copyDir) : db.url },
    hostname: '127.0.0.1',
    serveApp: false,
    seed: false,
    jobIntervalMs: 0,
    log: () => {}, // each access line is built, not printed among the results
  })
  const ping = await servePing()
  try {
    const now = new Date()
    const members = sampleLinkedMembers(sessions, o)
    const headers = members.map((id) => {
      const { token } = signSession(server.config.sessionSecret, { lineUserId: lineUserIdFor(id) }, now)
      return { authorization: `Bearer ${token}` }
    })
    const cardUrl = `${server.url.replace('localhost', '127.0.0.1')}/api/card`
    const probe = await fetch(cardUrl, { headers: headers[0] })
    const card = (await probe.json()) as { member?: { balance: number }; history?: unknown[] }
    if (probe.status !== 200 || !card.member)
      throw new Error(`GET /api/card answered ${probe.status}: ${JSON.stringify(card)}`)
    console.log(
      `${members.length.toLocaleString()} sessions for members spread over the id range; sample card: balance ${card.member.balance}, ${card.history?.length} history rows`,
    )
    // Steady state: every sampled card is read once first, so the measured phase is not a disk benchmark
    // (a 2 GiB file is not in the page cache after generation; a live shop's active members are).
    const warmStart = performance.now()
    for (let i = 0; i < headers.length; i += concurrency) {
      await Promise.all(
        headers.slice(i, i + concurrency).map((h) => fetch(cardUrl, { headers: h }).then((r) => r.arrayBuffer())),
      )
    }
    const warmS = (performance.now() - warmStart) / 1000
    console.log(
      `first read of all ${headers.length.toLocaleString()} cards (cold cache): ${warmS.toFixed(1)} s, ${(headers.length / warmS).toFixed(0)} req/s`,
    )
    console.log(
      `load: ${concurrency} keep-alive connections from a worker thread, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s measured per phase`,
    )
    console.log(
      'client and server share the same 2 cores (the client worker thread takes part of the CPU in both phases)\n',
    )

    const load = (url: string, extra: Partial<LoadOptions> = {}) =>
      runLoad({ url, concurrency, warmupMs, durationMs, ...extra })
    const results: { label: string; r: LoadResult }[] = []
    const phase = async (label: string, url: string, extra?: Partial<LoadOptions>) => {
      const r = await load(url, extra)
      results.push({ label, r })
      console.log(`${label.padEnd(16)} ${formatLoad(r)}`)
      return r
    }
    // ping, card, ping: the baseline is the mean of the runs before and after, so drift shows rather than skews.
    const ping1 = await phase('/ping', ping.url)
    const cardResult = await phase('GET /api/card', cardUrl, { headers })
    const ping2 = await phase('/ping (again)', ping.url)
    const baseline = (ping1.rps + ping2.rps) / 2
    const ratio = cardResult.rps / baseline
    console.log(
      `\nratio GET /api/card ÷ /ping = ${cardResult.rps.toFixed(0)} ÷ ${baseline.toFixed(0)} = ${ratio.toFixed(2)}×`,
    )
    console.log(
      verdict('card throughput ratio', ratio >= targetRatio, `${ratio.toFixed(2)}× (target ≥ ${targetRatio}×)`),
    )
    if (writesPerSecond > 0) {
      // Every write makes every kept card stale (server/data/card-view-cache.ts): how the card fares in a busy shop.
      let earns = 0
      const earner = setInterval(() => {
        const memberId = members[earns % members.length]!
        const key = `bench-card-writes-${Date.now()}-${earns++}`
        const expiresAt = new Date(Date.now() + 365 * 86_400_000)
        addPoints(
          server.deps.db,
          { memberId, idempotencyKey: key, actor: 'bench', points: 10, expiresAt },
          new Date(),
        ).catch((err: unknown) => console.error('bench earn failed', err))
      }, 1000 / writesPerSecond)
      try {
        await phase(`card + ${writesPerSecond} earns/s`, cardUrl, { headers })
      } finally {
        clearInterval(earner)
      }
      console.log(`(${earns} earns during that phase; no target)`)
    }
  } finally {
    await new Promise<void>((resolve) => ping.server.close(() => resolve()))
    await server.close()
    if (copyDir) rmSync(copyDir, { recursive: true, force: true })
  }
}
