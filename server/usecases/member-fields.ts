// An admin defining the shop's custom member fields: create, change (labels, choices, required, asked at
// registration, archived) and reorder, each with its audit entry in one batch. A choice some member holds is never
// deleted: the change is refused (`field_choice_in_use`) and the admin archives the choice instead.
import { eq, sql } from 'drizzle-orm'
import { memberFields, type MemberField } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { answeredValues, listFields } from '../data/member-fields'
import type { FieldChanges, NewField } from '../domain/member-field-definition'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export interface FieldSaved {
  ok: true
  field: MemberField
}

const notFound = () => refuse('field_not_found', 'No such member field')

export async function defineField(ctx: UseCaseContext, input: NewField, actor: string): Promise<FieldSaved | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const choices = input.type === 'choice' || input.type === 'multi_choice' ? input.choices : []
  const [inserted] = await db.batch([
    db
      .insert(memberFields)
      .values({
        ...input,
        choices,
        position: sql`(SELECT coalesce(max(position), 0) + 1 FROM member_fields)`,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning(),
    auditWhen(
      db,
      { actor, action: 'member_field.create', target: `member-field:${input.key}`, detail: { ...input, choices } },
      now.getTime(),
      sql`changes() > 0`,
    ),
  ])
  const field = inserted[0]
  return field ? { ok: true, field } : refuse('field_key_taken', 'A field with this key already exists')
}

export async function changeField(
  ctx: UseCaseContext,
  id: number,
  changes: FieldChanges,
  actor: string,
): Promise<FieldSaved | Refusal> {
  const { db } = ctx
  const field = await db.query.memberFields.findFirst({ where: eq(memberFields.id, id) })
  if (!field) return notFound()
  const isChoice = field.type === 'choice' || field.type === 'multi_choice'
  const next = { ...changes, choices: isChoice ? changes.choices : undefined }
  const dropped = next.choices
    ? field.choices.map((c) => c.value).filter((v) => !next.choices!.some((c) => c.value === v))
    : []
  const held = await answeredValues(db, id, dropped)
  if (held.length) {
    return refuse('field_choice_in_use', 'Members hold these choices: archive them instead of deleting', {
      field: field.key,
      values: held,
    })
  }
  const now = ctx.clock()
  // The same guard as the check above, in the write: an answer given in between keeps its choice.
  const stillFree = sql`NOT EXISTS (SELECT 1 FROM member_field_answers WHERE field_id = ${id}
    AND value IN (SELECT value FROM json_each(${JSON.stringify(dropped)})))`
  const set = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined))
  const [updated] = await db.batch([
    db
      .update(memberFields)
      .set({ ...set, updatedAt: now })
      .where(sql`${memberFields.id} = ${id} AND ${stillFree}`)
      .returning(),
    auditWhen(
      db,
      {
        actor,
        action: 'member_field.update',
        target: `member-field:${field.key}`,
        detail: { before: field, after: set },
      },
      now.getTime(),
      sql`changes() > 0`,
    ),
  ])
  const saved = updated[0]
  if (!saved)
    return refuse('field_choice_in_use', 'A member chose a removed choice meanwhile: reload', { field: field.key })
  return { ok: true, field: saved }
}

/** Puts the fields in the order of `ids` (every field's id, archived ones included, each once). */
export async function reorderFields(ctx: UseCaseContext, ids: readonly number[], actor: string) {
  const { db } = ctx
  const fields = await listFields(db, true)
  const known = new Set(fields.map((f) => f.id))
  if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
    return notFound()
  }
  const now = ctx.clock()
  const statements = ids.map((id, i) =>
    db
      .update(memberFields)
      .set({ position: i + 1, updatedAt: now })
      .where(eq(memberFields.id, id)),
  )
  const [first, ...rest] = statements
  if (!first) return { ok: true as const, fields }
  await db.batch([
    first,
    ...rest,
    auditWhen(
      db,
      { actor, action: 'member_field.reorder', target: 'member-fields', detail: { ids } },
      now.getTime(),
      sql`1`,
    ),
  ])
  return { ok: true as const, fields: await listFields(db, true) }
}
