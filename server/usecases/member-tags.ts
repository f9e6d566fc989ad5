// A shop system setting or removing a tag (or attribute) on a member through the API: the row and its audit entry
// in one batch. Setting the value a tag already has writes nothing (a POS may resend on every sale); a tag newly set or
// given another value also writes a `member.tagged` event (scenarios start on it).
import { and, eq, sql } from 'drizzle-orm'
import { memberTags } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { recordEvent } from '../data/domain-events'
import type { UseCaseContext } from './context'

export interface TagChange {
  memberId: number
  name: string
  actor: string
}

/** Sets `name` to `value` ('' for a plain tag); `changed` is false when it already had that value. */
export async function setMemberTag(ctx: UseCaseContext, input: TagChange & { value: string }) {
  const { db } = ctx
  const now = ctx.clock()
  const { memberId, name, value, actor } = input
  const [written] = await db.batch([
    db
      .insert(memberTags)
      .values({ memberId, name, value, setBy: actor, setAt: now })
      .onConflictDoUpdate({
        target: [memberTags.memberId, memberTags.name],
        set: { value, setBy: actor, setAt: now },
        setWhere: sql`${memberTags.value} IS NOT ${value}`,
      })
      .returning({ name: memberTags.name }),
    // Only when the tag changed; the audit entry's condition then reads this insert's count, which is the same.
    recordEvent(db, 'member.tagged', memberId, { tag: name, value }, now, sql`changes() > 0`),
    auditWhen(
      db,
      { actor, action: 'member.tag_set', target: `member:${memberId}`, detail: { name, value } },
      now.getTime(),
      sql`changes() > 0`,
    ),
  ])
  return { ok: true as const, changed: written.length > 0 }
}

/** Removes `name` from the member; `changed` is false when it had no such tag. */
export async function removeMemberTag(ctx: UseCaseContext, input: TagChange) {
  const { db } = ctx
  const now = ctx.clock()
  const { memberId, name, actor } = input
  const [removed] = await db.batch([
    db
      .delete(memberTags)
      .where(and(eq(memberTags.memberId, memberId), eq(memberTags.name, name)))
      .returning({ name: memberTags.name }),
    auditWhen(
      db,
      { actor, action: 'member.tag_removed', target: `member:${memberId}`, detail: { name } },
      now.getTime(),
      sql`changes() > 0`,
    ),
  ])
  return { ok: true as const, changed: removed.length > 0 }
}
