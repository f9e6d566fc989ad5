import { describe, expect, it } from 'vitest'
import {
  answerForm,
  answerProblem,
  answersToSend,
  offeredChoices,
  unanswered,
  type MemberField,
} from '../../../liff-app/src/forms/field-answers'

const field = (over: Partial<MemberField> & Pick<MemberField, 'key' | 'type'>): MemberField => ({
  id: 1,
  labelJa: '項目',
  labelEn: 'Field',
  choices: [],
  required: false,
  askAtRegistration: false,
  archived: false,
  ...over,
})
const choices = [
  { value: 'dry', ja: '乾燥肌', en: 'Dry' },
  { value: 'old', ja: '旧', en: 'Old', archived: true },
]
const fields = [
  field({ key: 'skin', type: 'choice', choices, required: true }),
  field({ key: 'likes', type: 'multi_choice', choices }),
  field({ key: 'note', type: 'text' }),
]

describe('custom field answers in the forms', () => {
  it('fills the form from stored answers and sends only what changed, a cleared answer as null', () => {
    const before = answerForm(fields, { skin: 'dry', likes: ['dry'], note: null })
    expect(before).toEqual({ skin: 'dry', likes: ['dry'], note: '' })
    const form = { ...before, likes: [], note: '犬' }
    expect(answersToSend(fields, form, before)).toEqual({ likes: null, note: '犬' })
    expect(answersToSend(fields, answerForm(fields), {})).toEqual({})
  })

  it('offers an archived option only to whoever holds it, and lists the unanswered fields', () => {
    expect(offeredChoices(fields[0]!, '').map((c) => c.value)).toEqual(['dry'])
    expect(offeredChoices(fields[1]!, ['old']).map((c) => c.value)).toEqual(['dry', 'old'])
    expect(unanswered(fields, { skin: 'dry', likes: [], note: null }).map((f) => f.key)).toEqual(['likes', 'note'])
  })

  it('asks for a required answer and limits a text to 100 characters', () => {
    expect(answerProblem(fields[0]!, '', true)?.pair[0]).toBe('回答してください')
    expect(answerProblem(fields[0]!, '', false)).toBeNull()
    expect(answerProblem(fields[2]!, 'あ'.repeat(101), false)?.params).toEqual({ limit: 100 })
  })
})
