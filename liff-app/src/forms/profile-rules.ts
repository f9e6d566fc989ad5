// The profile fields' checks in the forms (registration, profile edits) with the server's limits, and the server's
// field refusals (`details[].path`) tied back to their fields, each as a [Japanese, English] pair (profile-rules.json).
import { birthdayOutOfRange, earliestBirthday, profileLimits } from '../../../server/domain/profile-limits'
import { localParts } from '../../../server/domain/time-zone'
import { ApiError } from '../api/http'
import type { MessagePair, MessageParams, PairTable } from '../i18n/translate'
import { normalizeDate, normalizeKana, normalizePhone } from './validate'
import data from './profile-rules.json'

/** A field's problem: the pair and what fills its placeholders. */
export interface FieldProblem {
  pair: MessagePair
  params?: MessageParams
}

export const fieldTexts = data as unknown as PairTable<typeof data>

const length = (value: string) => [...value].length

function tooLong(value: string, limit: number): FieldProblem | null {
  return length(value) > limit ? { pair: fieldTexts.tooLong, params: { limit, length: length(value) } } : null
}

export function checkName(value: string): FieldProblem | null {
  if (!value.trim()) return { pair: fieldTexts.nameRequired }
  return tooLong(value, profileLimits.name)
}

export function checkKana(value: string): FieldProblem | null {
  return tooLong(value, profileLimits.nameKana) ?? (normalizeKana(value) ? null : { pair: fieldTexts.kana })
}

export function checkPhone(value: string): FieldProblem | null {
  return tooLong(value, profileLimits.phone) ?? (normalizePhone(value) ? null : { pair: fieldTexts.phone })
}

/** A birthday from an `<input type="date">` (or typed), from 1900-01-01 to today in the shop's time zone. */
export function checkBirthday(value: string, now: Date, timeZone: string): FieldProblem | null {
  const date = normalizeDate(value)
  if (!date) return { pair: fieldTexts.birthdayRequired }
  const range = birthdayOutOfRange(date, now, timeZone)
  return range ? { pair: fieldTexts.birthdayRange, params: range } : null
}

/** The `max` of a birthday date input: today in the shop's time zone. */
export const latestBirthday = (now: Date, timeZone: string) => localParts(now, timeZone).date
export { earliestBirthday }

interface Detail {
  path?: unknown
  code?: unknown
  limit?: unknown
  min?: unknown
  max?: unknown
}

function problemOf(detail: Detail): FieldProblem | null {
  switch (detail.code) {
    case 'text_too_long':
      return { pair: fieldTexts.tooLongServer, params: { limit: Number(detail.limit) } }
    case 'control_characters':
      return { pair: fieldTexts.control }
    case 'name_required':
      return { pair: fieldTexts.nameRequired }
    case 'kana_invalid':
      return { pair: fieldTexts.kana }
    case 'phone_invalid':
      return { pair: fieldTexts.phone }
    case 'date_invalid':
      return { pair: fieldTexts.birthdayRequired }
    case 'birthday_out_of_range':
      return { pair: fieldTexts.birthdayRange, params: { min: String(detail.min), max: String(detail.max) } }
    default:
      return null
  }
}

/** The server's refusal of particular fields, by field name; empty when the error is not about a field. */
export function serverFieldProblems(err: unknown): Record<string, FieldProblem> {
  if (!(err instanceof ApiError) || err.status !== 400) return {}
  // A validation error lists its problems; a refusal of one field (`birthday_out_of_range`) carries its own path.
  const details: Detail[] = Array.isArray(err.details)
    ? err.details
    : err.details
      ? [{ ...(err.details as Detail), code: err.code }]
      : []
  const found: Record<string, FieldProblem> = {}
  for (const detail of details) {
    const problem = typeof detail.path === 'string' ? problemOf(detail) : null
    if (problem && !found[detail.path as string]) found[detail.path as string] = problem
  }
  return found
}
