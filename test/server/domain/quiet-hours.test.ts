import { describe, expect, it } from 'vitest'
import { isQuiet, outsideQuietHours, reminderSendTime } from '../../../server/domain/quiet-hours'

const quiet = { start: '21:00', end: '09:00' }
const tz = 'Asia/Tokyo'
/** A Tokyo wall-clock time as a UTC instant. */
const jst = (iso: string) => new Date(`${iso}+09:00`)
const now = jst('2026-11-20T12:00:00')

describe('quiet hours', () => {
  it('knows 21:00–09:00 in the store time zone, end exclusive', () => {
    expect(isQuiet(jst('2026-11-23T20:59:00'), quiet, tz)).toBe(false)
    expect(isQuiet(jst('2026-11-23T21:00:00'), quiet, tz)).toBe(true)
    expect(isQuiet(jst('2026-11-24T08:59:00'), quiet, tz)).toBe(true)
    expect(isQuiet(jst('2026-11-24T09:00:00'), quiet, tz)).toBe(false)
    expect(isQuiet(jst('2026-11-24T03:00:00'), null, tz)).toBe(false)
    expect(isQuiet(new Date('2026-11-24T03:00:00Z'), quiet, 'UTC')).toBe(true)
  })

  it('leaves a reminder outside quiet hours where it is', () => {
    expect(reminderSendTime(jst('2026-11-23T16:00:00'), jst('2026-11-23T18:00:00'), quiet, tz, { now })).toEqual(
      jst('2026-11-23T16:00:00'),
    )
  })

  it('moves a reminder in quiet hours to their end when that is still 30 min before the reservation', () => {
    expect(reminderSendTime(jst('2026-11-24T07:30:00'), jst('2026-11-24T09:30:00'), quiet, tz, { now })).toEqual(
      jst('2026-11-24T09:00:00'),
    )
    expect(reminderSendTime(jst('2026-11-23T22:00:00'), jst('2026-11-24T22:00:00'), quiet, tz, { now })).toEqual(
      jst('2026-11-24T09:00:00'),
    )
  })

  it('otherwise moves it to the last minute before quiet hours began, the evening before', () => {
    expect(reminderSendTime(jst('2026-11-24T06:00:00'), jst('2026-11-24T08:00:00'), quiet, tz, { now })).toEqual(
      jst('2026-11-23T20:59:00'),
    )
  })

  it('moves it to their end after all, at short notice, when that evening has passed and the reservation is later', () => {
    const late = jst('2026-11-23T23:00:00')
    expect(reminderSendTime(jst('2026-11-24T07:15:00'), jst('2026-11-24T09:15:00'), quiet, tz, { now: late })).toEqual(
      jst('2026-11-24T09:00:00'),
    )
  })

  it('drops it only when the reservation starts before quiet hours end, rather than send in them', () => {
    const late = jst('2026-11-23T21:30:00')
    expect(
      reminderSendTime(jst('2026-11-24T06:00:00'), jst('2026-11-24T08:00:00'), quiet, tz, { now: late }),
    ).toBeNull()
  })

  it('sends an overdue reminder now, unless now is quiet', () => {
    const at = jst('2026-11-23T19:30:00')
    expect(reminderSendTime(jst('2026-11-23T18:00:00'), jst('2026-11-24T18:00:00'), quiet, tz, { now: at })).toEqual(at)
    expect(
      reminderSendTime(jst('2026-11-23T18:00:00'), jst('2026-11-24T18:00:00'), quiet, tz, {
        now: jst('2026-11-23T23:00:00'),
      }),
    ).toEqual(jst('2026-11-24T09:00:00'))
  })

  it('gives the next allowed moment for messages without a deadline', () => {
    expect(outsideQuietHours(jst('2026-11-24T03:00:00'), quiet, tz)).toEqual(jst('2026-11-24T09:00:00'))
    expect(outsideQuietHours(jst('2026-11-24T10:15:00'), quiet, tz)).toEqual(jst('2026-11-24T10:15:00'))
  })
})
