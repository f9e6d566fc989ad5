// The custom-field editor's form as plain data: a blank one, one from a saved field, and the request each sends.
import type { z } from '@hono/zod-openapi'
import type { FieldChanges, NewField } from '../../../../server/domain/member-field-definition'
import type { MemberFieldType } from '../../../../server/domain/member-fields'
import type { MemberFieldView } from '../../../../server/routes/member-field-schemas'

export type MemberField = z.infer<typeof MemberFieldView>
export type FieldForm = Omit<NewField, 'choices'> & { choices: NonNullable<FieldChanges['choices']> }

export const hasChoices = (type: MemberFieldType) => type === 'choice' || type === 'multi_choice'

export const blankField = (): FieldForm => ({
  key: '',
  labelJa: '',
  labelEn: '',
  type: 'choice',
  choices: [{ value: '', ja: '', en: '' }],
  required: false,
  askAtRegistration: false,
})

export const formOf = (f: MemberField): FieldForm => ({
  key: f.key,
  labelJa: f.labelJa,
  labelEn: f.labelEn,
  type: f.type,
  choices: f.choices.map((c) => ({ ...c })),
  required: f.required,
  askAtRegistration: f.askAtRegistration,
})

/** The choices a form sends: none for text and date fields. */
const choicesOf = (form: FieldForm) => (hasChoices(form.type) ? form.choices : [])

export const newFieldRequest = (form: FieldForm): NewField => ({ ...form, choices: choicesOf(form) })

export const changesRequest = (form: FieldForm): FieldChanges => ({
  labelJa: form.labelJa,
  labelEn: form.labelEn,
  required: form.required,
  askAtRegistration: form.askAtRegistration,
  ...(hasChoices(form.type) ? { choices: form.choices } : {}),
})

/** The ids in their order with the one at `index` moved by `step` (−1 up, +1 down). */
export function moved(ids: readonly number[], index: number, step: -1 | 1): number[] {
  const to = index + step
  if (to < 0 || to >= ids.length) return [...ids]
  const out = [...ids]
  ;[out[index], out[to]] = [out[to]!, out[index]!]
  return out
}
