// Custom member fields in the database: the shop's field definitions, a member's answers, and the batchable
// statements that replace answers (used by registration, the member's edit and the admin's edit alike).
import { asc, eq, sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import { memberFieldAnswers, memberFields, type MemberField } from '../../db/schema'
import { answerValue, type FieldAnswer } from '../domain/member-fields'

/** The shop's fields in their order; archived ones only when asked for. */
export function listFields(db: Database, withArchived = false): Promise<MemberField[]> {
  return db.query.memberFields.findMany({
    where: withArchived ? undefined : eq(memberFields.archived, false),
    orderBy: [asc(memberFields.position), asc(memberFields.id)],
  })
}

/** Every value a member holds, by field key (archived fields included: their answers are kept). */
export async function answersOf(db: Database, memberId: number): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ key: memberFields.key, value: memberFieldAnswers.value })
    .from(memberFieldAnswers)
    .innerJoin(memberFields, eq(memberFields.id, memberFieldAnswers.fieldId))
    .where(eq(memberFieldAnswers.memberId, memberId))
    .orderBy(asc(memberFieldAnswers.value))
  const out = new Map<string, string[]>()
  for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), r.value])
  return out
}

/** A member's answers to `fields` as the forms show them: by key, a list for multi_choice, else the value or null. */
export function answerRecord(fields: readonly MemberField[], held: ReadonlyMap<string, readonly string[]>) {
  return Object.fromEntries(fields.map((f) => [f.key, answerValue(f.type, held.get(f.key) ?? [])]))
}

/**
 * The statements replacing each answer's values for the member `memberId` (a number, or SQL naming the member a
 * batch is creating), applied only while `when` holds.
 */
export function answerWrites(
  db: Database,
  memberId: number | SQL,
  fieldIds: ReadonlyMap<string, number>,
  answers: readonly FieldAnswer[],
  at: number,
  when: SQL,
): BatchItem<'sqlite'>[] {
  return answers.flatMap((answer) => {
    const fieldId = fieldIds.get(answer.key)!
    return [
      db.run(sql`DELETE FROM member_field_answers WHERE member_id = ${memberId} AND field_id = ${fieldId} AND ${when}`),
      db.run(sql`INSERT INTO member_field_answers (member_id, field_id, value, answered_at)
        SELECT ${memberId}, ${fieldId}, value, ${at} FROM json_each(${JSON.stringify(answer.values)}) WHERE ${when}`),
    ]
  })
}

/** The choice values of a field that some member holds. */
export async function answeredValues(db: Database, fieldId: number, values: readonly string[]): Promise<string[]> {
  if (values.length === 0) return []
  const rows = await db.all<{ value: string }>(sql`SELECT DISTINCT value FROM member_field_answers
    WHERE field_id = ${fieldId} AND value IN (SELECT value FROM json_each(${JSON.stringify(values)}))`)
  return rows.map((r) => r.value)
}
