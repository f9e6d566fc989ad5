// The editable parts of a membership (name, reading, phone, birthday): one set of rules for registration, the
// customer's own edits and the admin's, so a value one path accepts is never refused (or cut) by another.
import { z } from 'zod'
import { refusedCharacter, refusedCharacterMessage } from './free-text'
import { normalizeDate, normalizeKana, normalizePhone } from './japanese-input'
import { earliestBirthday, profileLimits } from './profile-limits'

/**
 * A one-line text field of at most `max` characters: an over-long value is refused with `text_too_long` and its
 * limit (never cut), a control character with `control_characters`. Each field states `max` in the OpenAPI document
 * as its `maxLength` (JSON Schema counts characters as code points, as this check does).
 */
function boundedLine(max: number) {
  return z.string().superRefine((value, ctx) => {
    const found = refusedCharacter(value)
    if (found) {
      ctx.addIssue({ code: 'custom', message: refusedCharacterMessage(found), params: { code: 'control_characters' } })
      return
    }
    const length = [...value].length
    if (length > max)
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${max} characters (got ${length})`,
        params: { code: 'text_too_long', limit: max },
      })
  })
}

/** A birthday as typed (`１９９０年１２月３１日` is 11 characters), with room for spaces. */
const birthdayMaxLength = 20

/** `boundedLine`, then normalised by `normalize`; a value it cannot read is refused with `code`. */
function normalizedLine<T>(max: number, normalize: (v: string) => T | null, code: string, message: string) {
  return boundedLine(max).transform((value, ctx) => {
    const normalized = normalize(value)
    if (normalized === null) {
      ctx.addIssue({ code: 'custom', message, params: { code } })
      return z.NEVER
    }
    return normalized
  })
}

export const nameField = boundedLine(profileLimits.name)
  .transform((v) => v.trim())
  .refine((v) => v.length > 0, { message: 'must not be empty', params: { code: 'name_required' } })
  .meta({
    maxLength: profileLimits.name,
    description: `At most ${profileLimits.name} characters`,
    example: '山田 花子',
  })

export const nameKanaField = normalizedLine(
  profileLimits.nameKana,
  normalizeKana,
  'kana_invalid',
  'must be written in katakana or hiragana',
).meta({
  maxLength: profileLimits.nameKana,
  description: 'Katakana or hiragana (stored as katakana)',
  example: 'ヤマダ ハナコ',
})

export const phoneField = normalizedLine(
  profileLimits.phone,
  normalizePhone,
  'phone_invalid',
  'must be a Japanese phone number such as 090-1234-5678',
).meta({
  maxLength: profileLimits.phone,
  description: 'A Japanese number; full-width digits, hyphens, spaces and +81 are accepted, stored as digits only',
  example: '090-1234-5678',
})

/** A calendar date; its range (1900-01-01 to today in the shop's time zone) is checked by the routes (`assertBirthdayInRange`). */
export const birthdayField = normalizedLine(
  birthdayMaxLength,
  normalizeDate,
  'date_invalid',
  'must be a date such as 1990-07-15',
).meta({
  maxLength: birthdayMaxLength,
  description: `YYYY-MM-DD (or 1990/7/15, １９９０年７月１５日), from ${earliestBirthday} to today`,
  example: '1990-07-15',
})
