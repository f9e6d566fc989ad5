// worker-fanout: the Worker under `wrangler dev` (workerd; miniflare's Queues, Durable Object and local D1) fans N
// personalised messages out from one cron run through the outbox Queue to the LINE sandbox limited to 2,000 req/s:
// the rate reached, duplicates and lost messages. BENCH_FANOUT sets N (default 10,000).
import { spawn } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { sandboxChannel } from '../server/config'
import { freeLoopbackPort } from '../server/cli/free-port'
import { migrateLocalD1, openLocalD1, wranglerCli } from '../server/cli/local-d1'
import { machineLine, table, verdict } from './support/report'
import { startSandboxThread } from './support/sandbox-thread'

const messages = Number(process.env.BENCH_FANOUT ?? 10_000)
const limitPerSecond = 2000

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

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-fanout-'))
  const persistTo = join(dir, 'state')
  const sandbox = await startSandboxThread(sandboxChannel.channelAccessToken, { sendPerSecond: limitPerSecond }, 'http')
  let worker: ReturnType<typeof spawn> | undefined
  try {
    await migrateLocalD1({ persistTo })
    await plan(persistTo, Date.now() - 1000)
    const port = await freeLoopbackPort()
    const origin = `http://127.0.0.1:${port}`
    const logPath = join(dir, 'wrangler.log')
    const log = openSync(logPath, 'a')
    const vars = [`LINE_SANDBOX:on`, `LINE_SANDBOX_URL:${sandbox.url}`, `OUTBOX_RATE_PER_SECOND:${limitPerSecond}`]
    worker = spawn(
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
    const deadline = Date.now() + 180_000
    while (!(await fetch(`${origin}/healthz`).catch(() => null))?.ok) {
      if (Date.now() > deadline || worker.exitCode !== null)
        throw new Error(`wrangler dev did not start:\n${readFileSync(logPath, 'utf8').slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 500))
    }
    const started = performance.now()
    const cron = await fetch(`${origin}/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*`)
    if (!cron.ok) throw new Error(`the cron run failed: ${cron.status}`)
    const producedMs = performance.now() - started
    let summary = await sandbox.summary()
    let last = { delivered: -1, at: performance.now() }
    while (summary.users < messages && performance.now() - last.at < 30_000) {
      await new Promise((r) => setTimeout(r, 1000))
      summary = await sandbox.summary()
      if (summary.delivered !== last.delivered) last = { delivered: summary.delivered, at: performance.now() }
    }
    const seconds = (summary.lastAt - summary.firstAt) / 1000
    const rate = summary.push / Math.max(seconds, 0.001)
    const consumerRuns = (readFileSync(logPath, 'utf8').match(/QUEUE tsunagu-outbox \d+\/\d+/g) ?? []).length
    console.log(machineLine())
    console.log(
      table([
        ['messages', 'cron (claim + enqueue)', 'push requests', 'req/s', 'busiest 1 s', 'duplicates', 'lost'],
        [
          messages,
          `${(producedMs / 1000).toFixed(1)} s`,
          summary.push,
          rate.toFixed(0),
          summary.busiestSecond,
          summary.duplicates,
          messages - summary.users,
        ],
      ]),
    )
    console.log(`consumer invocations logged by wrangler: ${consumerRuns}`)
    if (summary.users < messages) {
      process.kill(-worker.pid!, 'SIGTERM')
      await new Promise((r) => setTimeout(r, 2000))
      const { db, dispose } = await openLocalD1({ persistTo })
      const errors = await db.all(sql`SELECT status, last_error, count(*) AS n FROM deliveries GROUP BY 1, 2 LIMIT 5`)
      await dispose()
      console.log('not delivered:', JSON.stringify(errors))
    }
    console.log(
      verdict('no duplicates, none lost', summary.duplicates === 0 && summary.users === messages, `${summary.users}`),
    )
    console.log(verdict('under the limit', summary.busiestSecond <= limitPerSecond, `${summary.busiestSecond}/s`))
  } finally {
    if (worker?.pid && worker.exitCode === null) process.kill(-worker.pid, 'SIGTERM')
    await sandbox.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
