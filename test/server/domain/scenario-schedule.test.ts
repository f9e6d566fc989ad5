import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keyedSteps, ScenarioInputSchema, type StepWait } from '../../../server/domain/scenario'
import { runSchedule, stepDueAt } from '../../../server/domain/scenario-schedule'
import { localParts } from '../../../server/domain/time-zone'

const at = (iso: string) => new Date(iso)
const hours = (n: number): StepWait => ({ kind: 'after', amount: n, unit: 'hours' })
const days = (n: number): StepWait => ({ kind: 'after', amount: n, unit: 'days' })
const timeOfDay = (d: number, time: string): StepWait => ({ kind: 'at', days: d, time })

describe('stepDueAt', () => {
  it('counts minutes and hours as elapsed time, even across a daylight-saving change', () => {
    // New York springs forward at 02:00 on 8 March 2026: 3 hours after 00:30 EST is 04:30 EDT.
    const start = at('2026-03-08T05:30:00Z')
    expect(stepDueAt(start, hours(3), 'America/New_York').toISOString()).toBe('2026-03-08T08:30:00.000Z')
    expect(localParts(stepDueAt(start, hours(3), 'America/New_York'), 'America/New_York').time).toBe('04:30')
    expect(stepDueAt(start, { kind: 'after', amount: 90, unit: 'minutes' }, 'Asia/Tokyo').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    )
  })

  it('keeps the wall-clock time for days across a daylight-saving change (23- and 25-hour days)', () => {
    const spring = stepDueAt(at('2026-03-07T15:00:00Z'), days(1), 'America/New_York') // 10:00 EST → 10:00 EDT
    expect(spring.getTime() - at('2026-03-07T15:00:00Z').getTime()).toBe(23 * 3_600_000)
    const autumn = stepDueAt(at('2026-10-24T09:00:00Z'), days(1), 'Europe/Berlin') // 11:00 CEST → 11:00 CET
    expect(autumn.getTime() - at('2026-10-24T09:00:00Z').getTime()).toBe(25 * 3_600_000)
    expect(localParts(autumn, 'Europe/Berlin')).toEqual({ date: '2026-10-25', time: '11:00' })
  })

  it('sends a time-of-day step at that time N calendar days later in the shop’s zone', () => {
    // 23:30 JST on the 23rd (14:30 UTC): "1 day later at 10:00" is 10:00 JST on the 24th, not the 25th.
    expect(stepDueAt(at('2026-11-23T14:30:00Z'), timeOfDay(1, '10:00'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-24T01:00:00.000Z',
    )
    // "Today at 18:00" from 12:00 is today; from 19:00 it is tomorrow (never before the anchor).
    expect(stepDueAt(at('2026-11-23T03:00:00Z'), timeOfDay(0, '18:00'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    )
    expect(stepDueAt(at('2026-11-23T10:00:00Z'), timeOfDay(0, '18:00'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-24T09:00:00.000Z',
    )
    // Seconds count: "today at 18:00" from 18:00:30 is tomorrow, and "0 days" is the anchor itself, to the ms.
    expect(stepDueAt(at('2026-11-23T09:00:30Z'), timeOfDay(0, '18:00'), 'Asia/Tokyo').toISOString()).toBe(
      '2026-11-24T09:00:00.000Z',
    )
    expect(stepDueAt(at('2025-01-01T00:00:00.001Z'), days(0), 'Asia/Tokyo').toISOString()).toBe(
      '2025-01-01T00:00:00.001Z',
    )
    // 02:30 on the day New York skips 02:00–03:00 is read with the offset from before: 03:30 EDT.
    const gap = stepDueAt(at('2026-03-07T17:00:00Z'), timeOfDay(1, '02:30'), 'America/New_York')
    expect(localParts(gap, 'America/New_York')).toEqual({ date: '2026-03-08', time: '03:30' })
  })

  const zones = ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'America/Sao_Paulo']
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }).map((t) => new Date(t))
  const hhmm = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
  const wait: fc.Arbitrary<StepWait> = fc.oneof(
    fc.record({
      kind: fc.constant('after' as const),
      amount: fc.integer({ min: 0, max: 1000 }),
      unit: fc.constantFrom('minutes' as const, 'hours' as const, 'days' as const),
    }),
    fc.record({ kind: fc.constant('at' as const), days: fc.integer({ min: 0, max: 365 }), time: hhmm }),
  )

  it('never schedules a step before the one it follows, in any zone (property)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.array(wait, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...zones),
        (start, waits, zone) => {
          const times = runSchedule(start, waits, zone)
          let before = start.getTime()
          for (const t of times) {
            expect(t.getTime()).toBeGreaterThanOrEqual(before)
            before = t.getTime()
          }
        },
      ),
    )
  })

  it('lands a time-of-day step on its date and, outside a skipped hour, its time (property)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 365 }),
        hhmm,
        fc.constantFrom(...zones),
        (start, d, time, zone) => {
          const due = stepDueAt(start, timeOfDay(d, time), zone)
          const local = localParts(due, zone)
          const wanted = new Date(Date.parse(`${localParts(start, zone).date}T00:00:00Z`) + d * 86_400_000)
          expect(local.date).toBe(wanted.toISOString().slice(0, 10))
          // Only in a gap (the hour a spring-forward skips) does the wall clock read later than asked.
          if (local.time !== time) expect(local.time > time).toBe(true)
        },
      ),
    )
  })
})

describe('scenario definitions', () => {
  const step = { wait: hours(1), content: { template: 'text' as const, text: 'こんにちは' } }

  it('gives new steps fresh keys and never reuses a removed step’s key', () => {
    const first = keyedSteps([step, step], 0)
    expect(first.steps.map((s) => s.key)).toEqual([1, 2])
    // Step 2 was removed (last key given: 2); step 1 stays, a new step gets 3, and a forged key 9 is not taken.
    const next = keyedSteps([{ ...step, key: 1 }, step, { ...step, key: 9 }], first.lastKey)
    expect(next.steps.map((s) => s.key)).toEqual([1, 3, 4])
    expect(
      keyedSteps(
        [
          { ...step, key: 1 },
          { ...step, key: 1 },
        ],
        2,
      ).steps.map((s) => s.key),
    ).toEqual([1, 3])
  })

  it('refuses a scenario with no step, an unknown start event or a time that is not HH:MM', () => {
    const base = { name: 'ようこそ', trigger: 'member.registered', status: 'active', reentry: false, stopOn: [] }
    expect(ScenarioInputSchema.safeParse({ ...base, steps: [step] }).success).toBe(true)
    expect(ScenarioInputSchema.safeParse({ ...base, steps: [] }).success).toBe(false)
    expect(ScenarioInputSchema.safeParse({ ...base, trigger: 'tag.set', steps: [step] }).success).toBe(false)
    expect(ScenarioInputSchema.safeParse({ ...base, steps: [{ ...step, wait: timeOfDay(1, '25:00') }] }).success).toBe(
      false,
    )
  })
})
