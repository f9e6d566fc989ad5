// The scenario job inside workerd on D1: more members than one invocation's budget covers enter and take their steps
// over several cron invocations, with batches that fail now and then, and every run gets each step exactly once.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { seedDemoShop } from '../../db/seed'
import { loadConfig } from '../../server/config'
import { registerMember } from '../../server/data/linking'
import type { AppDeps } from '../../server/env'
import { runScenarioJobs } from '../../server/jobs/scenarios'
import { createShop } from '../../server/shop'
import { setMemberTag } from '../../server/usecases/member-tags'
import { createScenario } from '../../server/usecases/scenarios'
import { jobDeps, registration } from '../support/job-deps'
import { crashingBatches } from '../support/job-scale'

const db = openD1(env.DB)
const config = loadConfig(env as unknown as Record<string, unknown>)
let now = new Date('2026-12-02T12:00:00+09:00')
const clock = () => now
const deps = createShop(jobDeps(config, db, clock))
const ctx = { quiet: { hours: null, timeZone: 'Asia/Tokyo' }, ranks: [] }
const members = 60

/** Cron invocations 5 minutes apart, each with 2 chunks of 20 rows, until one has nothing left to do. */
async function invocationsUntilDone(on: AppDeps) {
  let invocations = 0
  let crashed = 0
  for (;;) {
    now = new Date(now.getTime() + 5 * 60_000)
    invocations++
    try {
      const report = await runScenarioJobs(on, ctx, now, { steps: 2, rowsPerStep: 20 })
      if (report.done && report.enrolled + report.sent + report.skipped + report.ended === 0)
        return { invocations, crashed }
    } catch {
      crashed++
    }
  }
}

const count = async (query: ReturnType<typeof sql>) => (await db.all<{ n: number }>(query))[0]!.n

describe('scenario job on D1', () => {
  it('enters every registered member once and sends each step once, across invocations and failed batches', async () => {
    await seedDemoShop(db, now)
    const created = await createScenario(deps, {
      actor: 'staff:1',
      scenario: {
        name: '登録後',
        trigger: 'member.registered',
        status: 'active',
        reentry: false,
        stopOn: ['purchase'],
        steps: [
          { wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: { template: 'text', text: 'ようこそ' } },
          {
            wait: { kind: 'at', days: 1, time: '10:00' },
            content: { template: 'news', title: 'おすすめ', body: '本文' },
          },
        ],
      },
    })
    if (!created.ok) throw new Error(created.message)
    for (let i = 0; i < members; i++) {
      await registerMember(db, registration(`U${String(i).padStart(32, 'd')}`, `会員 ${i}`), now)
    }
    const first = await invocationsUntilDone({ ...deps, db: crashingBatches(db, 4) })
    expect(first.invocations).toBeGreaterThan(3)
    expect(first.crashed).toBeGreaterThan(0)
    const id = created.scenario.id
    expect(await count(sql`SELECT count(*) AS n FROM scenario_enrolments WHERE scenario_id = ${id} AND step = 1`)).toBe(
      members,
    )
    expect(await count(sql`SELECT count(*) AS n FROM deliveries WHERE dedupe_key LIKE ${`scenario:${id}:1:%`}`)).toBe(
      members,
    )

    // The next morning at 10:00 JST the second step goes to everyone, and the runs complete.
    now = new Date('2026-12-03T09:58:00+09:00')
    await invocationsUntilDone(deps)
    expect(await count(sql`SELECT count(*) AS n FROM deliveries WHERE dedupe_key LIKE ${`scenario:${id}:2:%`}`)).toBe(
      members,
    )
    expect(await count(sql`SELECT count(*) AS n FROM scenario_enrolments WHERE status = 'completed'`)).toBe(members)
    expect(await count(sql`SELECT count(*) AS n FROM scenario_step_log`)).toBe(2 * members)
  })

  it('writes a member.tagged event in the tag’s batch only when the tag changes, and a tag scenario starts on it', async () => {
    const created = await createScenario(deps, {
      actor: 'staff:1',
      scenario: {
        name: 'VIP',
        trigger: 'member.tagged',
        startTag: { name: 'vip', value: 'gold' },
        status: 'active',
        reentry: false,
        stopOn: [],
        steps: [{ wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: { template: 'text', text: 'VIP' } }],
      },
    })
    if (!created.ok) throw new Error(created.message)
    const member = await registerMember(db, registration(`U${'t'.repeat(32)}`), now)
    if (!('memberId' in member)) throw new Error(member.message)
    const tag = (value: string) => {
      now = new Date(now.getTime() + 1000)
      return setMemberTag(deps, { memberId: member.memberId, name: 'vip', value, actor: 'apikey:1' })
    }
    const events = () =>
      db.all<{ value: string }>(sql`SELECT json_extract(payload, '$.value') AS value FROM domain_events
        WHERE kind = 'member.tagged' AND member_id = ${member.memberId} ORDER BY id`)
    expect(await tag('silver')).toEqual({ ok: true, changed: true })
    expect(await tag('silver')).toEqual({ ok: true, changed: false })
    expect(await tag('gold')).toEqual({ ok: true, changed: true })
    expect((await events()).map((e) => e.value)).toEqual(['silver', 'gold'])
    expect(await count(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'member.tag_set'`)).toBe(2)
    now = new Date(now.getTime() + 60_000)
    await runScenarioJobs(deps, ctx, now, { steps: 10 })
    const runs = await db.all<{ memberId: number }>(sql`SELECT member_id AS memberId FROM scenario_enrolments
      WHERE scenario_id = ${created.scenario.id}`)
    expect(runs).toEqual([{ memberId: member.memberId }])
  })
})
