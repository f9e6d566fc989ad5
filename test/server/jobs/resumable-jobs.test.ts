import { afterEach, describe, expect, it } from 'vitest'
import { runDueJobs } from '../../../server/jobs'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import {
  crashingBatches,
  crashingBudget,
  jobOutcome,
  onePassOutcome,
  runDailyToTheEnd,
  seedJobScale,
} from '../../support/job-scale'
import { createTestApp, type TestApp } from '../../support/test-app'

const members = 300
const fiveMinutes = 5 * 60_000
// 03:05 in Tokyo: the daily jobs are due.
const start = new Date('2026-12-02T03:05:00+09:00')

describe('resumable daily jobs', () => {
  const apps: TestApp[] = []
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()))
  })

  async function shop() {
    const t = await createTestApp({ now: start })
    apps.push(t)
    await seedJobScale(t.db, t.clock.now, members)
    const next = () => {
      t.clock.advance(fiveMinutes)
      return t.clock.now
    }
    return { t, next }
  }

  async function onePass() {
    const { t } = await shop()
    const report = await runDueJobs(t.deps, t.clock.now)
    expect(report.dailyDone).toBe(true)
    return jobOutcome(t.db)
  }

  it('finishes a day too big for one invocation in several, with the same result as one pass', async () => {
    const expected = await onePass()
    // The workerd test compares its several invocations on D1 with this.
    expect(expected).toEqual(onePassOutcome)

    const { t, next } = await shop()
    const run = await runDailyToTheEnd(t.deps, next, () => ({ steps: 3, rowsPerStep: 50 }))
    expect(run.invocations).toBeGreaterThan(5)
    expect(await jobOutcome(t.db)).toEqual(expected)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
    // The day is finished: later invocations do the frequent jobs only.
    expect(await runDueJobs(t.deps, next(), { budget: { steps: 3, rowsPerStep: 50 } })).not.toHaveProperty(
      'rankChanges',
    )
  })

  it('resumes after a crash between two chunks without repeating an effect', async () => {
    const expected = await onePass()
    const { t, next } = await shop()
    const run = await runDailyToTheEnd(t.deps, next, () => crashingBudget(1, 50))
    expect(run.crashed).toBeGreaterThan(5)
    expect(await jobOutcome(t.db)).toEqual(expected)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('resumes after a crash inside a chunk (a batch that never applied) without repeating an effect', async () => {
    const expected = await onePass()
    const { t, next } = await shop()
    const deps = { ...t.deps, db: crashingBatches(t.db, 3) }
    const run = await runDailyToTheEnd(deps, next, () => ({ steps: 4, rowsPerStep: 50 }))
    expect(run.crashed).toBeGreaterThan(2)
    expect(await jobOutcome(t.db)).toEqual(expected)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })
})
