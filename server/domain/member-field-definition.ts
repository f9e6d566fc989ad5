// What an admin may define as a custom member field: a stable key, labels in Japanese and English, a type, choices
// with stable values (choice types only), whether it is required and asked at registration.
import { z } from 'zod'
import { singleLine } from './free-text'
import { memberFieldTypes } from './member-fields'

const label = singleLine(z.string().trim().min(1).max(40))

export const FieldKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,29}$/, 'lower-case letters, digits and _ (at most 30), starting with a letter')

export const ChoiceValue = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,29}$/, 'lower-case letters, digits, _ and - (at most 30)')

export const FieldChoiceSchema = z
  .object({ value: ChoiceValue, ja: label, en: label, archived: z.boolean().optional() })
  .strict()
  .meta({ id: 'MemberFieldChoice' })

/** At most this many fields (archived ones included) and choices per field. */
export const fieldCounts = { fields: 50, choices: 30 } as const

const choices = z
  .array(FieldChoiceSchema)
  .max(fieldCounts.choices)
  .refine((list) => new Set(list.map((c) => c.value)).size === list.length, 'choice values must be unique')

/** The parts an admin may change after creating a field (its key and type never change). */
export const FieldChangesSchema = z
  .object({
    labelJa: label,
    labelEn: label,
    choices: choices.min(1),
    required: z.boolean(),
    askAtRegistration: z.boolean(),
    archived: z.boolean(),
  })
  .partial()
  .strict()
  .meta({ id: 'MemberFieldChanges' })
export type FieldChanges = z.infer<typeof FieldChangesSchema>

export const NewFieldSchema = z
  .object({
    key: FieldKey,
    labelJa: label,
    labelEn: label,
    type: z.enum(memberFieldTypes),
    choices: choices.default([]),
    required: z.boolean().default(false),
    askAtRegistration: z.boolean().default(false),
  })
  .strict()
  .refine((f) => (f.type === 'choice' || f.type === 'multi_choice') === f.choices.length > 0, {
    message: 'choice fields need choices; text and date fields take none',
    path: ['choices'],
  })
  .meta({ id: 'NewMemberField' })
export type NewField = z.infer<typeof NewFieldSchema>
