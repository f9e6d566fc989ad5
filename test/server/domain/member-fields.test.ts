import { describe, expect, it } from 'vitest'
import {
  changedAnswers,
  checkAnswers,
  isCalendarDate,
  type MemberFieldRule,
} from '../../../server/domain/member-fields'

const field = (over: Partial<MemberFieldRule> & Pick<MemberFieldRule, 'key' | 'type'>): MemberFieldRule => ({
  choices: [],
  required: false,
  askAtRegistration: false,
  archived: false,
  ...over,
})
const choices = [
  { value: 'dry', ja: '乾燥肌', en: 'Dry' },
  { value: 'oily', ja: '脂性肌', en: 'Oily' },
  { value: 'old', ja: '旧', en: 'Old', archived: true },
]
const fields = [
  field({ key: 'skin', type: 'choice', choices, required: true, askAtRegistration: true }),
  field({ key: 'likes', type: 'multi_choice', choices }),
  field({ key: 'note', type: 'text' }),
  field({ key: 'pet_day', type: 'date', required: true }),
  field({ key: 'gone', type: 'text', archived: true }),
]
const codes = (input: Parameters<typeof checkAnswers>[1], mode: 'registration' | 'member' | 'admin' = 'member') => {
  const r = checkAnswers(fields, input, mode)
  return r.ok ? [] : r.problems.map((p) => `${p.key}:${p.code}`)
}

describe('checkAnswers', () => {
  it('accepts and normalises valid answers of every type', () => {
    expect(
      checkAnswers(
        fields,
        { skin: 'dry', likes: ['oily', 'dry', 'dry'], note: ' 犬 ', pet_day: '2024-02-29' },
        'member',
      ),
    ).toEqual({
      ok: true,
      answers: [
        { key: 'skin', values: ['dry'] },
        { key: 'likes', values: ['oily', 'dry'] },
        { key: 'note', values: ['犬'] },
        { key: 'pet_day', values: ['2024-02-29'] },
      ],
    })
  })

  it('refuses unknown and archived fields, wrong types and choices not in the list', () => {
    expect(codes({ shoe: 'x', gone: 'y' })).toEqual(['shoe:field_unknown', 'gone:field_unknown'])
    expect(codes({ skin: ['dry'], likes: 'dry', note: ['a'] })).toEqual([
      'skin:field_value_invalid',
      'likes:field_value_invalid',
      'note:field_value_invalid',
    ])
    expect(codes({ skin: 'sandy', likes: ['dry', 'sandy'] })).toEqual([
      'skin:field_choice_invalid',
      'likes:field_choice_invalid',
    ])
  })

  it('offers an archived choice only to whoever holds it already', () => {
    expect(codes({ likes: ['old'] })).toEqual(['likes:field_choice_invalid'])
    expect(checkAnswers(fields, { likes: ['old', 'dry'] }, 'member', new Map([['likes', ['old']]])).ok).toBe(true)
  })

  it('checks dates and text length and characters', () => {
    expect(codes({ pet_day: '2023-02-29' })).toEqual(['pet_day:field_date_invalid'])
    expect(codes({ pet_day: '2023/02/01' })).toEqual(['pet_day:field_date_invalid'])
    expect(codes({ pet_day: '1899-12-31' })).toEqual(['pet_day:field_date_invalid'])
    expect(codes({ note: 'あ'.repeat(100) })).toEqual([])
    const long = checkAnswers(fields, { note: '🐶'.repeat(101) }, 'member')
    expect(long).toEqual({ ok: false, problems: [{ key: 'note', code: 'field_text_too_long', limit: 100 }] })
    expect(codes({ note: 'a\u202eb' })).toEqual(['note:field_value_invalid'])
    expect(codes({ note: 'a\nb' })).toEqual(['note:field_value_invalid'])
  })

  it('asks for required fields at registration; a member cannot clear one; an admin can', () => {
    expect(codes({}, 'registration')).toEqual(['skin:field_required'])
    expect(codes({ skin: 'dry' }, 'registration')).toEqual([])
    expect(codes({ skin: '', pet_day: null }, 'member')).toEqual(['skin:field_required', 'pet_day:field_required'])
    expect(codes({ skin: null, pet_day: null }, 'admin')).toEqual([])
    expect(codes({ note: null, likes: [] }, 'member')).toEqual([])
  })
})

describe('changedAnswers', () => {
  it('keeps only answers that differ from what is held, whatever the order of values', () => {
    const held = new Map([
      ['likes', ['dry', 'oily']],
      ['note', ['a']],
    ])
    const answers = [
      { key: 'likes', values: ['oily', 'dry'] },
      { key: 'note', values: [] },
      { key: 'skin', values: ['dry'] },
    ]
    expect(changedAnswers(answers, held).map((a) => a.key)).toEqual(['note', 'skin'])
  })
})

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(['2024-02-29', '2000-12-31'].map(isCalendarDate)).toEqual([true, true])
    expect(['2023-02-29', '2024-13-01', '24-01-01', '2024-1-1'].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
    ])
  })
})
