// Answers to the shop's custom member fields as a form edits them (LIFF registration, profile and questionnaire, the
// console's member page): the editable values, the options each field offers, and what a save sends.
import type { z } from '@hono/zod-openapi'
import { fieldLimits, type FieldChoice } from '../../../server/domain/member-fields'
import type { AnswersView, MemberFieldView } from '../../../server/routes/member-field-schemas'

export type MemberField = z.infer<typeof MemberFieldView>
export type Answers = z.infer<typeof AnswersView>
/** What a form sends (the API's `answers`): by key, a value, a list, or null to clear. */
export type AnswersSent = Record<string, string | string[] | null>
/** A form's values by key: a list for multi_choice, else a string ('' = unanswered). */
export type AnswerForm = Record<string, string | string[]>

export function answerForm(fields: readonly MemberField[], answers: Answers = {}): AnswerForm {
  return Object.fromEntries(
    fields.map((f) => {
      const held = answers[f.key] ?? null
      return [
        f.key,
        f.type === 'multi_choice' ? [...((held as string[] | null) ?? [])] : ((held as string | null) ?? ''),
      ]
    }),
  )
}

/** The options a field offers: the active ones, and an archived one only to whoever holds it. */
export function offeredChoices(field: MemberField, held: string | string[] | undefined): FieldChoice[] {
  const values = Array.isArray(held) ? held : held ? [held] : []
  return field.choices.filter((c) => !c.archived || values.includes(c.value))
}

const isBlank = (v: string | string[] | undefined) => (Array.isArray(v) ? v.length === 0 : !v?.trim())

/** The fields a member has not answered yet (what the questionnaire asks). */
export const unanswered = (fields: readonly MemberField[], answers: Answers) =>
  fields.filter((f) => {
    const held = answers[f.key]
    return held === null || held === undefined || (Array.isArray(held) && held.length === 0)
  })

/** What a save sends: every field of `fields` that differs from `before`, a cleared one as null. */
export function answersToSend(fields: readonly MemberField[], form: AnswerForm, before: AnswerForm = {}): AnswersSent {
  const out: AnswersSent = {}
  for (const f of fields) {
    const value = form[f.key]
    const same = JSON.stringify(value) === JSON.stringify(before[f.key])
    if (same && f.key in before) continue
    if (isBlank(value)) {
      if (!isBlank(before[f.key])) out[f.key] = null
    } else out[f.key] = value!
  }
  return out
}

/** The field's label in `locale`. */
export const fieldLabel = (f: Pick<MemberField, 'labelJa' | 'labelEn'>, locale: string) =>
  locale === 'en' ? f.labelEn : f.labelJa

export const choiceLabel = (c: FieldChoice, locale: string) => (locale === 'en' ? c.en : c.ja)

/** The customer forms' words for custom fields, as [Japanese, English] pairs. */
export const answerTexts = {
  required: ['回答してください', 'Please answer'],
  optional: ['任意', 'Optional'],
  choose: ['選択してください', 'Choose one'],
  tooLong: ['{limit}文字以内で入力してください', 'Use at most {limit} characters'],
} as const

/** A field's problem before sending: unanswered while required, or too long a text. */
export function answerProblem(field: MemberField, value: string | string[] | undefined, required: boolean) {
  if (required && isBlank(value)) return { pair: answerTexts.required }
  if (field.type === 'text' && typeof value === 'string' && [...value.trim()].length > fieldLimits.text) {
    return { pair: answerTexts.tooLong, params: { limit: fieldLimits.text } }
  }
  return null
}
