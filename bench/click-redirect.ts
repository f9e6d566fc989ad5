// click-redirect: GET /r/:code (verify the signed code, insert the click from its delivery, concurrent requests' clicks
// in one statement (server/data/group-commit.ts), then 302) on Node + embedded libsql, as a ratio to a bare Hono app
// answering a 302 in the same process, driven by the same client.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { signClickCode } from '../server/domain/click-links'
import { startNodeServer } from '../server/node-server'
import { insertSentCampaign } from '../test/support/sent-campaign'
import { formatLoad, runLoad, type LoadResult } from './support/load'
import { machineLine, verdict } from './support/report'

export const targetRatio = 0.5
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32)
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const warmupMs = 2_000
/** Deliveries of the campaign (one per member), so the dedupe-key index is not a toy. */
const recipients = 100_000
const target = 'https://shop.example/winter-sale?utm_source=line'

/** Requests the bare app answered, for its CPU per request. */
let bareAnswered = 0

async function serveBareRedirect(): Promise<{ url: string; server: ServerType }> {
  const app = new Hono().get('/r/:code', (c) => {
    bareAnswered++
    return c.redirect(target, 302)
  })
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}/r/bare`, server }),
    )
  })
}

export async function run(): Promise<void> {
  console.log(`click-redirect — ${machineLine()}`)
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (machine shared with other work)`,
  )
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-click-redirect-'))
  const server = await startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'bench.db')}` },
    hostname: '127.0.0.1',
    serveApp: false,
    seed: false,
    jobIntervalMs: 0,
    log: () => {},
  })
  const bare = await serveBareRedirect()
  try {
    const db = server.deps.db
    const id = await insertSentCampaign(db, target)
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${recipients})
      INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts, next_attempt_at, campaign_id, sent_at, created_at)
      SELECT ${`campaign:${id}:`} || i, 'campaign', 'U' || printf('%032d', i), '[]', lower(hex(randomblob(16))), 'sent', 1, 0, ${id}, 0, 0 FROM n`)
    const code = signClickCode(server.config.sessionSecret, { campaignId: id, memberId: recipients / 2, linkIndex: 0 })
    const url = `${server.url.replace('localhost', '127.0.0.1')}/r/${code}`
    const probe = await fetch(url, { redirect: 'manual' })
    if (probe.status !== 302 || probe.headers.get('location') !== target)
      throw new Error(`GET /r/:code answered ${probe.status}: ${await probe.text()}`)
    console.log(
      `${recipients.toLocaleString()} deliveries; every request is a counted click (written before its 302; concurrent ones in one statement)`,
    )
    console.log(
      `load: ${concurrency} keep-alive connections from a worker thread, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s measured per phase\n`,
    )
    const clicks = async () => (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM campaign_clicks`))[0]!.n
    // The server thread's CPU time per answered request (warm-up included): unlike req/s, barely moved by other
    // work on a shared machine, so it shows what a change saves even when the ratio is swamped by the load.
    const phase = async (label: string, u: string, answered: () => number | Promise<number>) => {
      const [cpu0, n0] = [process.threadCpuUsage(), await answered()]
      const r: LoadResult = await runLoad({ url: u, concurrency, warmupMs, durationMs, expectStatus: 302 })
      const cpu = process.threadCpuUsage(cpu0)
      const perRequest = (cpu.user + cpu.system) / ((await answered()) - n0)
      console.log(`${label.padEnd(20)} ${formatLoad(r)}; server thread ${perRequest.toFixed(1)} µs CPU/request`)
      return r
    }
    // bare, redirect, bare: the baseline is the mean of the runs before and after, so drift shows rather than skews.
    const bare1 = await phase('bare Hono 302', bare.url, () => bareAnswered)
    const click = await phase('GET /r/:code', url, clicks)
    const bare2 = await phase('bare Hono 302 again', bare.url, () => bareAnswered)
    const baseline = (bare1.rps + bare2.rps) / 2
    const ratio = click.rps / baseline
    console.log(`\n${(await clicks()).toLocaleString()} clicks recorded`)
    console.log(
      `ratio GET /r/:code ÷ bare 302 = ${click.rps.toFixed(0)} ÷ ${baseline.toFixed(0)} = ${ratio.toFixed(2)}×`,
    )
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
    console.log(
      verdict(
        'click redirect throughput ratio',
        ratio >= targetRatio,
        `${ratio.toFixed(2)}× (target ≥ ${targetRatio}×)`,
      ),
    )
  } finally {
    await new Promise<void>((resolve) => bare.server.close(() => resolve()))
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
