import { describe, expect, it } from 'vitest'
import { jobRuns } from '../../../db/schema'
import { claimJobPeriod } from '../../../server/data/job-runs'
import type { AppDeps } from '../../../server/env'
import { runDueJobs } from '../../../server/jobs'
import { testAppPerTest } from '../../support/test-app'

const hour = 3_600_000

describe('runDueJobs', () => {
  // 02:30 in Tokyo: before the daily jobs are due.
  const t = testAppPerTest({ now: new Date('2026-12-02T02:30:00+09:00') })

  it('does the daily jobs once per shop day, on the first run at or after 03:00 shop time', async () => {
    expect(await runDueJobs(t.deps, t.clock.now)).not.toHaveProperty('rankChanges')
    t.clock.advance(hour / 2) // 03:00
    expect(await runDueJobs(t.deps, t.clock.now)).toHaveProperty('rankChanges')
    t.clock.advance(hour)
    expect(await runDueJobs(t.deps, t.clock.now)).not.toHaveProperty('rankChanges')
    t.clock.advance(20 * hour) // 00:00 the next day: not yet
    expect(await runDueJobs(t.deps, t.clock.now)).not.toHaveProperty('rankChanges')
    t.clock.advance(3 * hour)
    expect(await runDueJobs(t.deps, t.clock.now)).toHaveProperty('rankChanges')
  })

  it('follows the shop time zone: 03:00 in New York is 08:00 UTC in winter', async () => {
    const deps: AppDeps = { ...t.deps, config: { ...t.deps.config, timeZone: 'America/New_York' } }
    expect(await runDueJobs(deps, new Date('2026-12-02T07:59:00Z'))).not.toHaveProperty('rankChanges')
    expect(await runDueJobs(deps, new Date('2026-12-02T08:00:00Z'))).toHaveProperty('rankChanges')
  })

  it('lets exactly one of several runners sharing the database do the daily jobs', async () => {
    t.clock.advance(hour)
    const runners = Array.from({ length: 4 }, () => runDueJobs({ ...t.deps }, t.clock.now))
    const reports = await Promise.all(runners)
    expect(reports.filter((r) => 'rankChanges' in r)).toHaveLength(1)
  })

  it('gives a failed daily run’s claim back, so the next run does the daily jobs', async () => {
    t.clock.advance(hour)
    const failing: AppDeps = {
      ...t.deps,
      // Reads fail after the claim (an insert), as with a database that goes away mid-run.
      db: new Proxy(t.deps.db, {
        get(target, key, receiver) {
          if (key === 'select' || key === 'query') throw new Error('database unavailable')
          return Reflect.get(target, key, receiver) as unknown
        },
      }),
    }
    await expect(runDueJobs(failing, t.clock.now)).rejects.toThrow('database unavailable')
    t.clock.advance(5 * 60_000)
    expect(await runDueJobs(t.deps, t.clock.now)).toHaveProperty('rankChanges')
  })

  it('takes over a claim whose runner died, once its lease has run out', async () => {
    t.clock.advance(hour)
    const date = '2026-12-02'
    expect(await claimJobPeriod(t.deps.db, 'daily', date, t.clock.now, hour)).toBe(true)
    t.clock.advance(10 * 60_000)
    expect(await runDueJobs(t.deps, t.clock.now)).not.toHaveProperty('rankChanges')
    t.clock.advance(hour)
    expect(await runDueJobs(t.deps, t.clock.now)).toHaveProperty('rankChanges')
    const [row] = await t.db.select().from(jobRuns)
    expect(row).toMatchObject({ name: 'daily', period: date, finishedAt: t.clock.now })
  })
})
