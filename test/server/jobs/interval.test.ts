import { describe, expect, it } from 'vitest'
import { startJobRunner } from '../../../server/jobs/interval'
import { testAppPerTest } from '../../support/test-app'

describe('startJobRunner', () => {
  const t = testAppPerTest({ now: new Date('2026-11-23T17:55:00+09:00') })

  it('runs the daily jobs once a day after 03:00 and the frequent ones otherwise, one run at a time', async () => {
    const runner = startJobRunner(t.deps, { intervalMs: 3_600_000 })
    const [a, b] = await Promise.all([runner.tick(), runner.tick()])
    expect(a).toBe(b)
    expect(a).toHaveProperty('rankChanges')
    expect(a?.messaging).toMatchObject({ planned: { reminders: 1 } })
    const second = await runner.tick()
    expect(second).not.toHaveProperty('rankChanges')
    t.clock.advance(86_400_000)
    expect(await runner.tick()).toHaveProperty('rankChanges')
    await runner.stop()
  })
})
