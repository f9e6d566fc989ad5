import { describe, expect, it } from 'vitest'
import { luhnCheckDigit, memberNumberFor, normalizeMemberNumber } from '../../../server/domain/member-number'

describe('member numbers', () => {
  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3)
    expect(memberNumberFor(1)).toBe('0000000018')
  })

  it('accepts numbers typed with full-width digits, spaces and hyphens', () => {
    expect(normalizeMemberNumber('０００００-０００１８')).toBe('0000000018')
    expect(normalizeMemberNumber('00000 00018')).toBe('0000000018')
  })

  it('rejects a mistyped digit, swapped neighbours, wrong lengths and letters', () => {
    expect(normalizeMemberNumber('0000000019')).toBeNull()
    expect(normalizeMemberNumber('0000000108')).toBeNull()
    expect(normalizeMemberNumber('000000018')).toBeNull()
    expect(normalizeMemberNumber('00000000a8')).toBeNull()
  })
})
