import { describe, expect, it } from 'vitest'
import { isChosen, toggleChoice, withDays } from '../../../../liff-app/src/admin/campaigns/segment-rules'

describe('segment rules', () => {
  it('toggles a choice in and out of a list rule, dropping the rule once empty', () => {
    const gold = toggleChoice({}, 'ranks', 'gold')
    expect(gold).toEqual({ ranks: ['gold'] })
    const both = toggleChoice(gold, 'ranks', 'silver')
    expect(both.ranks).toEqual(['gold', 'silver'])
    expect(isChosen(both, 'ranks', 'silver')).toBe(true)
    expect(toggleChoice(toggleChoice(both, 'ranks', 'gold'), 'ranks', 'silver')).toEqual({ ranks: undefined })
    expect(isChosen({}, 'storeIds', 1)).toBe(false)
  })

  it('leaves the other rules as they were', () => {
    const segment = { birthdayMonths: [12], visitedWithinDays: 30 }
    expect(toggleChoice(segment, 'storeIds', 2)).toEqual({ ...segment, storeIds: [2] })
    expect(segment).toEqual({ birthdayMonths: [12], visitedWithinDays: 30 })
  })

  it('keeps a day count only when it is a whole number of at least one', () => {
    expect(withDays({}, 'visitedWithinDays', '30')).toEqual({ visitedWithinDays: 30 })
    for (const typed of ['', '0', '-3', '1.5', 'abc'])
      expect(withDays({ notVisitedForDays: 9 }, 'notVisitedForDays', typed)).toEqual({ notVisitedForDays: undefined })
  })
})
