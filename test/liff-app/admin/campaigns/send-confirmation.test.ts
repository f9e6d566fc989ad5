import { describe, expect, it } from 'vitest'
import {
  overridesQuietHours,
  quietDelay,
  sendConfirmLines,
} from '../../../../liff-app/src/admin/campaigns/send-confirmation'

const tokyo = 'Asia/Tokyo'
const quiet = { start: '21:00', end: '09:00' }
// 23:00 and 12:00 in Tokyo.
const night = new Date('2026-12-03T14:00:00Z')
const noon = new Date('2026-12-03T03:00:00Z')

describe('campaign send confirmation', () => {
  it('holds a send now in quiet hours until they end, and lets one outside them go', () => {
    expect(quietDelay(quiet, null, night, tokyo)).toEqual({ kind: 'now', release: new Date('2026-12-04T00:00:00Z') })
    expect(quietDelay(quiet, null, noon, tokyo)).toBeNull()
    expect(quietDelay(null, null, night, tokyo)).toBeNull()
  })

  it('moves a schedule in quiet hours, whatever the time is now', () => {
    expect(quietDelay(quiet, night, noon, tokyo)).toEqual({
      kind: 'scheduled',
      release: new Date('2026-12-04T00:00:00Z'),
    })
    expect(quietDelay(quiet, noon, night, tokyo)).toBeNull()
  })

  it('overrides quiet hours only for a held send now with the box ticked', () => {
    const now = quietDelay(quiet, null, night, tokyo)
    expect(overridesQuietHours(true, now)).toBe(true)
    expect(overridesQuietHours(false, now)).toBe(false)
    expect(overridesQuietHours(true, quietDelay(quiet, night, noon, tokyo))).toBe(false)
    expect(overridesQuietHours(true, null)).toBe(false)
  })

  it('asks the admin to confirm the hold unless they override it', () => {
    expect(sendConfirmLines('120人に送信します', '21:00〜09:00は送りません', false)).toEqual([
      '120人に送信します',
      '21:00〜09:00は送りません',
    ])
    expect(sendConfirmLines('120人に送信します', '21:00〜09:00は送りません', true)).toEqual(['120人に送信します'])
    expect(sendConfirmLines('120人に送信します', '', false)).toEqual(['120人に送信します'])
  })
})
