import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useBirthdayField } from '../../../liff-app/src/forms/birthday-field'
import { fieldTexts } from '../../../liff-app/src/forms/profile-rules'
import { useConfigStore } from '../../../liff-app/src/stores/config'

describe('useBirthdayField', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 09:00 on 3 Dec in Tokyo, 00:00 UTC: still 2 Dec in Honolulu.
    vi.setSystemTime(new Date('2026-12-03T00:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
    useConfigStore().timeZone = 'Asia/Tokyo'
  })

  it("offers today in the shop's time zone as the latest birthday, and follows a change of zone", () => {
    const config = useConfigStore()
    config.timeZone = 'Asia/Tokyo'
    const { latest } = useBirthdayField()
    expect(latest.value).toBe('2026-12-03')
    config.timeZone = 'Pacific/Honolulu'
    expect(latest.value).toBe('2026-12-02')
  })

  it("refuses a birthday after today in the shop's time zone, and a missing one", () => {
    const config = useConfigStore()
    const { check } = useBirthdayField()
    config.timeZone = 'Asia/Tokyo'
    expect(check('2026-12-03')).toBeNull()
    config.timeZone = 'Pacific/Honolulu'
    expect(check('2026-12-03')).toEqual({
      pair: fieldTexts.birthdayRange,
      params: { min: '1900-01-01', max: '2026-12-02' },
    })
    expect(check('')).toEqual({ pair: fieldTexts.birthdayRequired })
  })
})
