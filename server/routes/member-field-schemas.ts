// Custom member fields as the API answers and accepts them (console, LIFF registration, profile and questionnaire).
// Here, not in domain/: `.openapi()` exists only where @hono/zod-openapi has extended zod.
import { z } from '@hono/zod-openapi'
import type { MemberField } from '../../db/schema'
import { FieldChoiceSchema } from '../domain/member-field-definition'
import { memberFieldTypes } from '../domain/member-fields'

export const MemberFieldView = z
  .object({
    id: z.number(),
    key: z.string(),
    labelJa: z.string(),
    labelEn: z.string(),
    type: z.enum(memberFieldTypes),
    choices: z.array(FieldChoiceSchema),
    required: z.boolean(),
    askAtRegistration: z.boolean(),
    archived: z.boolean(),
  })
  .openapi('MemberField')

export const fieldView = (f: MemberField): z.infer<typeof MemberFieldView> => ({
  id: f.id,
  key: f.key,
  labelJa: f.labelJa,
  labelEn: f.labelEn,
  type: f.type,
  choices: f.choices,
  required: f.required,
  askAtRegistration: f.askAtRegistration,
  archived: f.archived,
})

/** What a form sends, by field key: a string (text, choice value, date `YYYY-MM-DD`), a list (multi_choice), or null. */
export const AnswersInput = z
  .record(z.string().max(30), z.union([z.string().max(400), z.array(z.string().max(30)).max(30), z.null()]))
  .refine((r) => Object.keys(r).length <= 50, 'at most 50 fields')
  .openapi('MemberFieldAnswersInput', {
    maxProperties: 50,
    example: { skin_type: 'dry', interests: ['makeup', 'hair'], pet: null },
  })

/** A member's answers as stored, by key: a list for multi_choice, else the value or null (unanswered). */
export const AnswersView = z
  .record(z.string(), z.union([z.string(), z.array(z.string()), z.null()]))
  .openapi('MemberFieldAnswers')

export const FieldsAndAnswers = z
  .object({ fields: z.array(MemberFieldView), answers: AnswersView })
  .openapi('MemberFieldsAndAnswers')

/** The refusals an answer form can meet, for the OpenAPI descriptions. */
export const answerRefusals =
  '`field_unknown`, `field_value_invalid`, `field_choice_invalid`, `field_date_invalid`, `field_text_too_long` (with `limit`), `field_required`; `details.field` names the field and `details.problems` lists every one'
