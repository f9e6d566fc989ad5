// A member's answers to the shop's custom fields, changed by the member (LIFF profile or questionnaire) or by an
// admin (member page): the changed answers and a `member.fields_updated` audit entry with their before and after,
// in one batch that writes nothing unless the member is active. Registration writes answers in its own batch.
import { sql } from 'drizzle-orm'
import { auditWhen } from '../data/audit'
import { answerRecord, answersOf, answerWrites, listFields } from '../data/member-fields'
import { loadProfile } from '../data/member-profile'
import {
  changedAnswers,
  checkAnswers,
  type AnswerInput,
  type AnswerMode,
  type FieldAnswer,
  type FieldProblem,
  type MemberFieldRule,
} from '../domain/member-fields'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

/** The refusal for the problems of a form: the first one's code, every problem in `details.problems`. */
export function fieldsRefused(problems: readonly FieldProblem[]): Refusal {
  const [first] = problems
  const limit = first!.limit === undefined ? {} : { limit: first!.limit }
  return refuse(first!.code, `Field "${first!.key}": ${first!.code.replace(/_/g, ' ')}`, {
    field: first!.key,
    ...limit,
    problems,
  })
}

/** Checks a form's answers against the shop's active fields; the answers to write, or the refusal. */
export async function checkedAnswers(
  ctx: UseCaseContext,
  input: AnswerInput,
  mode: AnswerMode,
  current?: ReadonlyMap<string, readonly string[]>,
) {
  const fields = await listFields(ctx.db)
  const checked = checkAnswers(fields as MemberFieldRule[], input, mode, current)
  if (!checked.ok) return fieldsRefused(checked.problems)
  return { answers: checked.answers, fieldIds: new Map(fields.map((f) => [f.key, f.id])) }
}

export interface FieldsAnswered {
  ok: true
  /** The keys of the fields that changed (none: nothing written). */
  changed: string[]
  /** The member's answers to the active fields, as stored now. */
  answers: ReturnType<typeof answerRecord>
}

export async function answerFields(
  ctx: UseCaseContext,
  edit: { memberId: number; answers: AnswerInput; actor: string; mode: Exclude<AnswerMode, 'registration'> },
): Promise<FieldsAnswered | Refusal> {
  const { db } = ctx
  const profile = await loadProfile(db, edit.memberId)
  if (isRefusal(profile)) return profile
  const current = await answersOf(db, edit.memberId)
  const checked = await checkedAnswers(ctx, edit.answers, edit.mode, current)
  if (isRefusal(checked)) return checked
  const changed = changedAnswers(checked.answers, current)
  if (changed.length) await db.batch(answerBatch(ctx, edit.memberId, changed, current, checked.fieldIds, edit.actor))
  const fields = await listFields(db)
  return {
    ok: true,
    changed: changed.map((a) => a.key),
    answers: answerRecord(fields, await answersOf(db, edit.memberId)),
  }
}

function answerBatch(
  ctx: UseCaseContext,
  memberId: number,
  changed: FieldAnswer[],
  current: ReadonlyMap<string, readonly string[]>,
  fieldIds: ReadonlyMap<string, number>,
  actor: string,
) {
  const { db } = ctx
  const at = ctx.clock().getTime()
  const active = sql`EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'active')`
  const before = Object.fromEntries(changed.map((a) => [a.key, current.get(a.key) ?? []]))
  const after = Object.fromEntries(changed.map((a) => [a.key, a.values]))
  const fields = changed.map((a) => a.key)
  return [
    auditWhen(
      db,
      { actor, action: 'member.fields_updated', target: `member:${memberId}`, detail: { fields, before, after } },
      at,
      active,
    ),
    ...answerWrites(db, memberId, fieldIds, changed, at, active),
  ] as const
}
