// scenario-planner: one daily pass of the step-scenario job (runScenarioJobs: members enter from the day's domain
// events, then every due run stops, skips or sends its step into the outbox) on embedded libsql with 1M members and
// 10M ledger rows, 4 active scenarios, 200k runs in progress of which 50k are due, and 10k new start events.
// Target: the pass finishes within 60 s.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openLibsql } from '../db/client'
import { migrateLibsql } from '../db/migrate'
import { loadConfig } from '../server/config'
import { defaultRankTiers } from '../server/domain/ranks'
import type { ScenarioInput } from '../server/domain/scenario'
import { unlimitedBudget } from '../server/jobs/chunked'
import { runScenarioJobs } from '../server/jobs/scenarios'
import { createShop } from '../server/shop'
import { createScenario } from '../server/usecases/scenarios'
import { jobDeps } from '../test/support/job-deps'
import { bigDb, copyBigDb } from './fixtures/big-db'
import { machineLine, verdict } from './support/report'

export const targetSeconds = 60
const runsInProgress = 200_000
const dueRuns = 50_000
const newEvents = 10_000
const day = 86_400_000

const text = (t: string) => ({ template: 'text' as const, text: t })
const scenarios: ScenarioInput[] = [
  {
    name: '登録後フォロー',
    trigger: 'member.registered',
    status: 'active',
    reentry: false,
    stopOn: ['purchase'],
    steps: [
      { wait: { kind: 'after', amount: 1, unit: 'hours' }, content: text('{name}さん、ご登録ありがとうございます') },
      {
        wait: { kind: 'at', days: 3, time: '10:00' },
        content: { template: 'news', title: '今週のおすすめ', body: '店頭で' },
      },
      { wait: { kind: 'after', amount: 7, unit: 'days' }, content: text('そろそろご来店はいかがですか') },
    ],
  },
  {
    name: '初回購入のお礼',
    trigger: 'purchase.first',
    status: 'active',
    reentry: false,
    stopOn: [],
    steps: [
      { wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: text('はじめてのお買い物ありがとうございます') },
      {
        wait: { kind: 'at', days: 14, time: '12:00' },
        content: { template: 'points', title: 'ポイント', body: 'たまっています' },
      },
    ],
  },
  {
    name: '友だち追加',
    trigger: 'friend.added',
    status: 'active',
    reentry: true,
    stopOn: ['link', 'unfollow'],
    steps: [
      { wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: text('友だち追加ありがとうございます') },
      { wait: { kind: 'after', amount: 2, unit: 'days' }, content: text('会員登録で100ポイント') },
    ],
  },
  {
    name: '来店後',
    trigger: 'reservation.visited',
    status: 'active',
    reentry: true,
    stopOn: ['purchase'],
    steps: [
      {
        wait: { kind: 'after', amount: 1, unit: 'days' },
        content: text('ご来店ありがとうございました'),
        segment: { visitedWithinDays: 30 },
      },
    ],
  },
]

/** `WITH RECURSIVE seq(n)` from 1 to `count`. */
const seq = (count: number) =>
  sql.raw(`WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})`)

export async function run(): Promise<void> {
  console.log(`scenario-planner — ${machineLine()}`)
  const big = await bigDb()
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-scenarios-'))
  const database = openLibsql(copyBigDb(big, dir))
  try {
    const { db } = database
    await migrateLibsql(db)
    const config = loadConfig({ LINE_SANDBOX: 'on' })
    const now = new Date()
    const clock = () => now
    const deps = createShop(jobDeps(config, db, clock))
    const ids: number[] = []
    for (const scenario of scenarios) {
      const created = await createScenario(deps, { scenario, actor: 'system:bench' })
      if (!created.ok) throw new Error(created.message)
      ids.push(created.scenario.id)
    }
    const members = big.options.members
    const at = now.getTime()
    // Runs in progress for linked members (ids with n % 100 < 80), spread over the scenarios and their first steps;
    // every 4th is due now, the rest later in the week.
    const setupStarted = performance.now()
    await db.run(sql`${seq(runsInProgress)}
      INSERT INTO scenario_enrolments (scenario_id, subject, member_id, event_id, status, step, next_at, started_at, updated_at)
      SELECT ${sql.raw(`CASE n % 4 ${ids.map((id, i) => `WHEN ${i} THEN ${id}`).join(' ')} END`)},
        'member:' || m, m, 1000000000 + n, 'active', CASE WHEN n % 4 IN (0, 1) AND n % 3 = 0 THEN 1 ELSE 0 END,
        CASE WHEN n % ${runsInProgress / dueRuns} = 0 THEN ${at} - (n % 3600) * 1000 ELSE ${at} + (1 + n % 7) * ${day} END,
        ${at} - (n % 10) * ${day}, ${at}
      FROM (SELECT n, ((n * 37) % ${(members / 100) * 80}) / 80 * 100 + (n * 37) % 80 AS m FROM seq)`)
    // The day's start events: registrations, first purchases, new friends (half of them linked), visits.
    await db.run(sql`${seq(newEvents)}
      INSERT INTO domain_events (kind, member_id, payload, created_at)
      SELECT CASE n % 10 WHEN 0 THEN 'reservation.visited' WHEN 1 THEN 'friend.added' WHEN 2 THEN 'friend.added'
          WHEN 3 THEN 'member.registered' WHEN 4 THEN 'member.registered' WHEN 5 THEN 'member.registered'
          ELSE 'purchase.first' END,
        CASE WHEN n % 10 = 2 THEN NULL ELSE (n * 7919) % ${members} + 1 END,
        json_object('lineUserId', 'U' || printf('%032x', 2000000 + n)), ${at} - (n % 1440) * 60000
      FROM seq`)
    console.log(
      `setup: ${runsInProgress.toLocaleString()} runs in progress (${dueRuns.toLocaleString()} due), ${newEvents.toLocaleString()} new events in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    )

    const started = performance.now()
    const report = await runScenarioJobs(
      deps,
      { quiet: { hours: null, timeZone: 'Asia/Tokyo' }, ranks: defaultRankTiers },
      now,
      unlimitedBudget(),
    )
    const seconds = (performance.now() - started) / 1000
    const [planned] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM deliveries WHERE kind = 'scenario'`)
    console.log(
      `daily pass: ${seconds.toFixed(1)} s — entered ${report.enrolled.toLocaleString()}, sent ${report.sent.toLocaleString()}, skipped ${report.skipped.toLocaleString()}, ended ${report.ended.toLocaleString()}; outbox rows ${planned!.n.toLocaleString()}`,
    )
    console.log(
      verdict(
        `scenario-planner daily pass`,
        seconds <= targetSeconds,
        `${seconds.toFixed(1)} s (target ≤ ${targetSeconds} s)`,
      ),
    )
  } finally {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
