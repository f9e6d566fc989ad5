// The daily jobs inside workerd on D1 at a size one invocation's budget cannot cover: they finish over several cron
// invocations, and after crashes between and inside chunks, with the same result as one pass (test/support/job-scale).
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { seedDemoShop } from '../../db/seed'
import { loadConfig } from '../../server/config'
import { runDueJobs } from '../../server/jobs'
import { ledgerViolations, noViolations } from '../support/ledger-invariants'
import {
  crashingBatches,
  crashingBudget,
  jobOutcome,
  cohortOutcome,
  onePassOutcome,
  runDailyToTheEnd,
  seedJobScale,
} from '../support/job-scale'
import { jobDeps } from '../support/job-deps'

const db = openD1(env.DB)
const config = loadConfig(env as unknown as Record<string, unknown>)
let now = new Date('2026-12-02T03:05:00+09:00')
const clock = () => now
const deps = jobDeps(config, db, clock)
const nextInvocation = () => {
  now = new Date(now.getTime() + 5 * 60_000)
  return now
}

describe('resumable daily jobs on D1', () => {
  it('finish in several invocations of 3 chunks of 50 rows, with the same result as one pass', async () => {
    await seedDemoShop(db, now)
    await seedJobScale(db, now, 300)
    const run = await runDailyToTheEnd(deps, nextInvocation, () => ({ steps: 3, rowsPerStep: 50 }))
    expect(run.invocations).toBeGreaterThan(5)
    expect(await jobOutcome(db)).toEqual(onePassOutcome)
    expect(await ledgerViolations(db)).toEqual(noViolations)
    expect(await runDueJobs(deps, nextInvocation(), { budget: { steps: 3, rowsPerStep: 50 } })).not.toHaveProperty(
      'rankChanges',
    )
  })

  it('resume after crashes between and inside chunks without repeating an effect', async () => {
    // The next shop day a new cohort joins; the budget dies after each chunk.
    now = new Date('2027-01-02T03:05:00+09:00')
    await seedJobScale(db, now, 300, 'T')
    const crashes = await runDailyToTheEnd(deps, nextInvocation, () => crashingBudget(1, 50))
    expect(crashes.crashed).toBeGreaterThan(5)
    expect(await jobOutcome(db, 'T')).toEqual(cohortOutcome)
    expect(await ledgerViolations(db)).toEqual(noViolations)

    // The day after another cohort, and every third batch fails before it applies.
    now = new Date('2027-01-03T03:05:00+09:00')
    await seedJobScale(db, now, 300, 'U')
    const failing = { ...deps, db: crashingBatches(db, 3) }
    const run = await runDailyToTheEnd(failing, nextInvocation, () => ({ steps: 4, rowsPerStep: 50 }))
    expect(run.crashed).toBeGreaterThan(2)
    expect(await jobOutcome(db, 'U')).toEqual(cohortOutcome)
    expect(await jobOutcome(db, 'T')).toEqual(cohortOutcome)
    expect(await ledgerViolations(db)).toEqual(noViolations)
  })
})
