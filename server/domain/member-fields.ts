// Custom member fields (カスタムプロフィール): the answers a member gives to the shop's own questions, checked against
// the fields' definitions. Free of any library, so the LIFF forms check the same rules before sending.
import { refusedCharacter } from './free-text'

export const memberFieldTypes = ['text', 'choice', 'multi_choice', 'date'] as const
export type MemberFieldType = (typeof memberFieldTypes)[number]

/** One option of a choice field: `value` is stable (stored, exported, used in segments); the labels may change. */
export interface FieldChoice {
  value: string
  ja: string
  en: string
  /** No longer offered; answers holding it keep it (a choice with answers is archived, never deleted). */
  archived?: boolean
}

/** A field as validation needs it. */
export interface MemberFieldRule {
  key: string
  type: MemberFieldType
  choices: readonly FieldChoice[]
  required: boolean
  askAtRegistration: boolean
  archived: boolean
}

/** Limits of an answer: characters of a text answer, earliest and latest date. */
export const fieldLimits = { text: 100, earliestDate: '1900-01-01', latestDate: '2100-12-31' } as const

/** What a form sends: by field key, a string (text, choice, date), a list (multi_choice); null, '' or [] clears. */
export type AnswerInput = Record<string, string | readonly string[] | null>

/** A field's answer as stored: one row per value (one for text, choice and date; one per chosen multi_choice value). */
export interface FieldAnswer {
  key: string
  values: string[]
}

export type FieldProblemCode =
  | 'field_unknown'
  | 'field_value_invalid'
  | 'field_choice_invalid'
  | 'field_date_invalid'
  | 'field_text_too_long'
  | 'field_required'

export interface FieldProblem {
  key: string
  code: FieldProblemCode
  /** `field_text_too_long`: the longest accepted, in characters. */
  limit?: number
}

/**
 * Who answers decides what is checked: at `registration` every required field asked there must be answered; a
 * `member` may change but not clear a required field; an `admin` may clear any.
 */
export type AnswerMode = 'registration' | 'member' | 'admin'

/** A calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** The values of one answer, trimmed, without empties and repeats. */
function valuesOf(answer: string | readonly string[] | null): string[] | null {
  if (answer === null) return []
  if (typeof answer === 'string') return answer.trim() === '' ? [] : [answer.trim()]
  if (!Array.isArray(answer) || answer.some((v) => typeof v !== 'string')) return null
  return [...new Set(answer.map((v) => v.trim()).filter((v) => v !== ''))]
}

function problemOf(
  field: MemberFieldRule,
  raw: string | readonly string[] | null,
  values: string[],
  held: readonly string[],
) {
  const problem = (code: FieldProblemCode, limit?: number): FieldProblem =>
    limit === undefined ? { key: field.key, code } : { key: field.key, code, limit }
  if (raw !== null && (field.type === 'multi_choice') !== Array.isArray(raw)) return problem('field_value_invalid')
  if (values.length === 0) return null
  if (field.type === 'text') {
    const text = values[0]!
    if ([...text].length > fieldLimits.text) return problem('field_text_too_long', fieldLimits.text)
    return refusedCharacter(text) ? problem('field_value_invalid') : null
  }
  if (field.type === 'date') {
    const date = values[0]!
    const ok = isCalendarDate(date) && date >= fieldLimits.earliestDate && date <= fieldLimits.latestDate
    return ok ? null : problem('field_date_invalid')
  }
  // A choice no longer offered stays acceptable to whoever already holds it.
  const allowed = new Set(field.choices.filter((c) => !c.archived || held.includes(c.value)).map((c) => c.value))
  return values.every((v) => allowed.has(v)) ? null : problem('field_choice_invalid')
}

/**
 * Checks the answers a form sent against the shop's fields; `current` is what the member holds now (by key).
 * Answers: the fields sent, normalised (an empty list clears the field). Problems: one per field at most.
 */
export function checkAnswers(
  fields: readonly MemberFieldRule[],
  input: AnswerInput,
  mode: AnswerMode,
  current: ReadonlyMap<string, readonly string[]> = new Map(),
): { ok: true; answers: FieldAnswer[] } | { ok: false; problems: FieldProblem[] } {
  const byKey = new Map(fields.filter((f) => !f.archived).map((f) => [f.key, f]))
  const problems: FieldProblem[] = []
  const answers: FieldAnswer[] = []
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key)
    const values = valuesOf(raw)
    if (!field) {
      problems.push({ key, code: 'field_unknown' })
      continue
    }
    if (values === null) {
      problems.push({ key, code: 'field_value_invalid' })
      continue
    }
    const problem = problemOf(field, raw, values, current.get(key) ?? [])
    if (problem) problems.push(problem)
    else if (values.length === 0 && field.required && mode !== 'admin') problems.push({ key, code: 'field_required' })
    else answers.push({ key, values })
  }
  if (mode === 'registration') {
    for (const field of byKey.values()) {
      const given = answers.find((a) => a.key === field.key)
      const sent = problems.some((p) => p.key === field.key)
      if (field.required && field.askAtRegistration && !given?.values.length && !sent)
        problems.push({ key: field.key, code: 'field_required' })
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, answers }
}

/** The answers of `answers` that differ from `current` (by key; a field with no row holds []). */
export function changedAnswers(answers: readonly FieldAnswer[], current: ReadonlyMap<string, readonly string[]>) {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')
  return answers.filter((a) => !same(a.values, current.get(a.key) ?? []))
}

/** A stored answer as a form shows it: a list for multi_choice, else the one value or null. */
export function answerValue(type: MemberFieldType, values: readonly string[]): string | string[] | null {
  if (type === 'multi_choice') return [...values]
  return values[0] ?? null
}
