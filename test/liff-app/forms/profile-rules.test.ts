import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../liff-app/src/api/http'
import {
  checkBirthday,
  checkName,
  checkPhone,
  fieldTexts,
  serverFieldProblems,
} from '../../../liff-app/src/forms/profile-rules'

describe('profile field checks in the forms', () => {
  it('counts characters, not UTF-16 units, and says the limit and the length', () => {
    expect(checkName('𠮷'.repeat(40))).toBeNull()
    expect(checkName('あ'.repeat(41))).toEqual({ pair: fieldTexts.tooLong, params: { limit: 40, length: 41 } })
    expect(checkName('  ')).toEqual({ pair: fieldTexts.nameRequired })
  })

  it('accepts the phone spellings the server accepts and refuses others', () => {
    expect(checkPhone('０９０－１２３４－５６７８')).toBeNull()
    expect(checkPhone('+81 90 1234 5678')).toBeNull()
    expect(checkPhone('12345')).toEqual({ pair: fieldTexts.phone })
  })

  it('accepts birthdays from 1900-01-01 to today in the shop time zone', () => {
    // 00:30 on 24 Nov in Tokyo is still 23 Nov in UTC.
    const now = new Date('2026-11-23T15:30:00Z')
    const range = { pair: fieldTexts.birthdayRange, params: { min: '1900-01-01', max: '2026-11-24' } }
    expect(checkBirthday('1899-12-31', now, 'Asia/Tokyo')).toEqual(range)
    expect(checkBirthday('1900-01-01', now, 'Asia/Tokyo')).toBeNull()
    expect(checkBirthday('2026-11-24', now, 'Asia/Tokyo')).toBeNull()
    expect(checkBirthday('2026-11-25', now, 'Asia/Tokyo')).toEqual(range)
    expect(checkBirthday('', now, 'Asia/Tokyo')).toEqual({ pair: fieldTexts.birthdayRequired })
  })

  it('ties the server’s field refusals to their fields, with the limit or range they carry', () => {
    const invalid = new ApiError(400, 'text_too_long', 'name: too long', [
      { path: 'name', code: 'text_too_long', limit: 40, message: 'x' },
      { path: 'phone', code: 'phone_invalid', message: 'x' },
      { path: 'prefecture', message: 'x' },
    ])
    expect(serverFieldProblems(invalid)).toEqual({
      name: { pair: fieldTexts.tooLongServer, params: { limit: 40 } },
      phone: { pair: fieldTexts.phone },
    })
    const range = new ApiError(400, 'birthday_out_of_range', 'x', {
      path: 'birthday',
      min: '1900-01-01',
      max: '2026-11-24',
    })
    expect(serverFieldProblems(range)).toEqual({
      birthday: { pair: fieldTexts.birthdayRange, params: { min: '1900-01-01', max: '2026-11-24' } },
    })
    expect(serverFieldProblems(new ApiError(409, 'birthday_locked', 'x'))).toEqual({})
  })
})
