// worker-fanout: the Worker under `wrangler dev` (workerd; miniflare's Queues, Durable Object and local D1) fans N
// personalised messages out from one cron run through the outbox Queue to the LINE sandbox limited to 2,000 req/s:
// the rate reached, duplicates and lost messages.
//
//   npm run bench -- worker-fanout [--messages=N] [--faults] [--kill]
//
// --messages (or BENCH_FANOUT): how many (default 10,000). --faults: the sandbox answers 5 % of requests 500 and
// every 5 s a burst of up to 50 × 429 within 1 s. --kill: once a third is delivered, wrangler dev (workerd, its
// consumer mid-batch and the in-memory Queue) is killed with SIGKILL and started again on the same state; the cron
// run after the claims' lease hands the unfinished rows on again (those LINE had accepted come back 409 under their
// retry keys).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { sandboxChannel } from '../server/config'
import { freeLoopbackPort } from '../server/cli/free-port'
import { migrateLocalD1, openLocalD1, wranglerCli } from '../server/cli/local-d1'
import { machineLine, table, verdict } from './support/report'
import { startSandboxThread } from './support/sandbox-thread'

const option = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))
const messages = Number(option('messages')?.split('=')[1] ?? process.env.BENCH_FANOUT ?? 10_000)
const faults = option('faults') !== undefined
const kill = option('kill') !== undefined
const limitPerSecond = 2000
/** The producer's lease (queue-producer.ts): after it, a cron run claims rows a dead consumer held. */
const leaseMs = 15 * 60_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function plan(persistTo: string, now: number): Promise<void> {
  const { db, dispose } = await openLocalD1({ persistTo })
  try {
    await db.run(
      sql`INSERT INTO settings (key, value) VALUES ('messaging', '{"quietHours":null,"expiryWarningDays":30}')`,
    )
    await db.run(
      sql`INSERT INTO job_runs (name, period, claimed_at, finished_at) VALUES ('daily', '9999-12-31', ${now}, ${now})`,
    )
    for (let from = 1; from <= messages; from += 10_000) {
      const to = Math.min(messages, from + 9_999)
      await db.run(sql`WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to})
        INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, next_attempt_at,
          hold_in_quiet_hours, created_at)
        SELECT 'bench:' || i, 'notice', 'U' || printf('%032x', i),
          json_array(json_object('type', 'text', 'text', 'ご予約のお知らせ #' || i)),
          lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' ||
            substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), ${now}, 0, ${now} FROM seq`)
    }
  } finally {
    await dispose()
  }
}

/** Starts `wrangler dev` on `persistTo` and waits until it answers. */
async function startWorker(persistTo: string, port: number, logPath: string, sandboxUrl: string) {
  const log = openSync(logPath, 'a')
  const vars = [`LINE_SANDBOX:on`, `LINE_SANDBOX_URL:${sandboxUrl}`, `OUTBOX_RATE_PER_SECOND:${limitPerSecond}`]
  const worker = spawn(
    process.execPath,
    [
      wranglerCli,
      'dev',
      '--persist-to',
      persistTo,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--test-scheduled',
      '--show-interactive-dev-session=false',
      ...vars.flatMap((v) => ['--var', v]),
    ],
    { stdio: ['ignore', log, log], detached: true },
  )
  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 180_000
  while (!(await fetch(`${origin}/healthz`).catch(() => null))?.ok) {
    if (Date.now() > deadline || worker.exitCode !== null)
      throw new Error(`wrangler dev did not start:\n${readFileSync(logPath, 'utf8').slice(-2000)}`)
    await sleep(500)
  }
  return worker
}

/** One cron run at `time` (ms since the epoch), as Cloudflare's trigger would make it. */
async function cron(origin: string, time: number): Promise<void> {
  const res = await fetch(`${origin}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=${time}`)
  if (!res.ok) throw new Error(`the cron run failed: ${res.status}`)
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-fanout-'))
  const persistTo = join(dir, 'state')
  const logPath = join(dir, 'wrangler.log')
  const sandbox = await startSandboxThread(sandboxChannel.channelAccessToken, { sendPerSecond: limitPerSecond }, 'http')
  const setFaults = (body: object) =>
    fetch(`${sandbox.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify(body) }).then((r) => r.json())
  let worker: ChildProcess | undefined
  let bursts: ReturnType<typeof setInterval> | undefined
  try {
    await migrateLocalD1({ persistTo })
    await plan(persistTo, Date.now() - 1000)
    const port = await freeLoopbackPort()
    const origin = `http://127.0.0.1:${port}`
    worker = await startWorker(persistTo, port, logPath, sandbox.url)
    if (faults) {
      await setFaults({ serverErrorRate: 0.05 })
      // A burst is up to 50 answers of 429 within 1 s (then over, used up or not), every 5 s.
      bursts = setInterval(() => {
        void setFaults({ rateLimitBurst: 50 }).then(() => sleep(1000).then(() => setFaults({ rateLimitBurst: 0 })))
      }, 5000)
    }
    const started = performance.now()
    await cron(origin, Date.now())
    const producedMs = performance.now() - started
    let summary = await sandbox.summary()
    let restartMs = 0
    let crons = 1
    let last = { delivered: -1, at: performance.now() }
    for (;;) {
      await sleep(1000)
      summary = await sandbox.summary()
      if (summary.delivered !== last.delivered) last = { delivered: summary.delivered, at: performance.now() }
      if (kill && restartMs === 0 && summary.users >= messages / 3) {
        const killedAt = performance.now()
        process.kill(-worker.pid!, 'SIGKILL')
        await new Promise((r) => worker!.once('exit', r))
        worker = await startWorker(persistTo, port, logPath, sandbox.url)
        restartMs = performance.now() - killedAt
        // The next cron run after the claims' lease: Cloudflare's trigger, every 5 minutes, gets there in 15.
        await cron(origin, Date.now() + leaseMs + 60_000)
        crons++
        last.at = performance.now()
      }
      if (summary.users >= messages) break
      // Quiet for 20 s: what is left waits for a cron run (rows recorded pending after the Queue's last retry).
      if (performance.now() - last.at > 20_000) {
        if (crons >= 8) break
        await cron(origin, Date.now() + crons * leaseMs)
        crons++
        last.at = performance.now()
      }
    }
    if (bursts) clearInterval(bursts)
    const seconds = (summary.lastAt - summary.firstAt) / 1000
    const rate = summary.push / Math.max(seconds - restartMs / 1000, 0.001)
    const log = readFileSync(logPath, 'utf8')
    const invocations = log.match(/QUEUE tsunagu-outbox \d+\/\d+/g) ?? []
    const retried = invocations.filter((line) => {
      const [acked, all] = line.split(' ').at(-1)!.split('/').map(Number)
      return acked! < all!
    }).length
    console.log(machineLine())
    console.log(`options: --messages=${messages}${faults ? ' --faults' : ''}${kill ? ' --kill' : ''}`)
    console.log(
      table([
        [
          'messages',
          'cron (claim + enqueue)',
          'push accepted',
          'req/s',
          '% of 2,000',
          'busiest 1 s',
          'duplicates',
          'lost',
        ],
        [
          messages,
          `${(producedMs / 1000).toFixed(1)} s`,
          summary.push,
          rate.toFixed(0),
          `${((rate / limitPerSecond) * 100).toFixed(0)} %`,
          summary.busiestSecond,
          summary.duplicates,
          messages - summary.users,
        ],
      ]),
    )
    console.log(
      `consumer invocations: ${invocations.length} (${retried} with messages retried), one at a time (local Queues ` +
        `deliver batches in turn; wrangler.toml's max_concurrency applies on Cloudflare); cron runs: ${crons}` +
        (kill ? `; killed and restarted in ${(restartMs / 1000).toFixed(1)} s (not counted in req/s)` : ''),
    )
    if (summary.users < messages) {
      process.kill(-worker.pid!, 'SIGTERM')
      await sleep(2000)
      const { db, dispose } = await openLocalD1({ persistTo })
      const errors = await db.all(sql`SELECT status, last_error, count(*) AS n FROM deliveries GROUP BY 1, 2 LIMIT 5`)
      await dispose()
      console.log('not delivered:', JSON.stringify(errors))
    }
    console.log(
      verdict('no duplicates, none lost', summary.duplicates === 0 && summary.users === messages, `${summary.users}`),
    )
    console.log(verdict('under the limit', summary.busiestSecond <= limitPerSecond, `${summary.busiestSecond}/s`))
    console.log(verdict('at least 90 % of the limit', rate >= 0.9 * limitPerSecond, `${rate.toFixed(0)}/s`))
  } finally {
    if (bursts) clearInterval(bursts)
    if (worker?.pid && worker.exitCode === null) process.kill(-worker.pid, 'SIGTERM')
    await sandbox.close()
    if (process.env.BENCH_KEEP_LOG) (await import('node:fs')).copyFileSync(logPath, process.env.BENCH_KEEP_LOG)
    rmSync(dir, { recursive: true, force: true })
  }
}
