// Data rights: everything we hold about a member (export), and deleting a membership (anonymise, forfeit points);
// the EC tables' part of both is in member-commerce-data.ts.
import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { auditLog, lineAccounts, members, pointLedger, reservations } from '../../db/schema'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import { auditWhen } from './audit'
import { commerceDataOf, commerceErasure } from './member-commerce-data'
import { spendPoints } from './ledger'
import { answersOf } from './member-fields'
import { planRichMenuSwitch } from './rich-menu-switches'

const withoutReason = (detail: Record<string, unknown> | null) => {
  if (!detail) return detail
  const { reason: _reason, ...rest } = detail
  return rest
}

/** Everything the shop holds about this member and LINE account, as a customer may download it. */
export async function exportMemberData(db: Database, memberId: number, lineUserId: string, now: Date) {
  const member = await db.query.members.findFirst({ where: eq(members.id, memberId) })
  if (!member) return refuse('member_not_found', 'No membership with this id')
  const { pinHash, ...profile } = member
  const [account, ledger, bookings, history, commerce, answers] = await Promise.all([
    db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId) }),
    db.select().from(pointLedger).where(eq(pointLedger.memberId, memberId)).orderBy(asc(pointLedger.id)),
    db.select().from(reservations).where(eq(reservations.memberId, memberId)).orderBy(asc(reservations.startsAt)),
    db.select().from(auditLog).where(eq(auditLog.target, `member:${memberId}`)).orderBy(asc(auditLog.id)),
    commerceDataOf(db, memberId, lineUserId),
    answersOf(db, memberId),
  ])
  return {
    exportedAt: now.toISOString(),
    member: { ...profile, hasPin: pinHash !== null },
    lineAccount: account ?? null,
    // Staff and admin reasons (ledger notes, `reason` in audit details) are the shop's internal notes.
    pointLedger: ledger.map(({ writeId: _writeId, note: _note, ...entry }) => entry),
    reservations: bookings,
    ...commerce,
    /** Answers to the shop's custom fields, by field key. */
    fieldAnswers: Object.fromEntries(answers),
    activity: history.map((h) => ({ action: h.action, at: h.at, detail: withoutReason(h.detail) })),
  }
}

/** Points still spendable now: what deletion forfeits through the ledger. */
async function spendable(db: Database, memberId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${pointLedger.remaining}), 0)` })
    .from(pointLedger)
    .where(and(eq(pointLedger.memberId, memberId), gt(pointLedger.remaining, 0), or(isNull(pointLedger.expiresAt), gt(pointLedger.expiresAt, now))))
  return row?.n ?? 0
}

export const deletedMemberName = '（退会済み）'
/** What a deleted member's past messages keep of their bodies: nothing but that they were erased. */
export const erasedMessages = JSON.stringify([{ type: 'text', text: '（削除済み / erased）' }])

/**
 * Deletes a membership in one batch: spendable points are forfeited with a ledger adjustment (so balance =
 * SUM(ledger) holds), personal data is erased (also the LINE display name and picture, and the bodies of past
 * messages), the LINE link removed and the status set to deleted, with an audit entry.
 * Safe to retry: the forfeit has a fixed idempotency key and the anonymising statements only apply to an active member.
 */
export async function deleteMembership(
  db: Database,
  memberId: number,
  actor: string,
  now: Date,
): Promise<{ forfeited: number } | Refusal> {
  const member = await db.query.members.findFirst({ where: eq(members.id, memberId) })
  if (!member) return refuse('member_not_found', 'No membership with this id')
  if (member.status !== 'active') return refuse('member_deleted', 'This membership has already been deleted')
  const points = await spendable(db, memberId, now)
  if (points === 0) {
    const [first, ...rest] = erasure(db, memberId, actor, 0, now, sql`1`)
    await db.batch([first, ...rest])
    return { forfeited: 0 }
  }
  const idempotencyKey = `member-delete:${memberId}`
  // Erased only once the points are forfeited (by this batch, or by an earlier attempt under the same key).
  const forfeited = sql`EXISTS (SELECT 1 FROM point_ledger WHERE idempotency_key = ${idempotencyKey})`
  const erase = () => erasure(db, memberId, actor, points, now, forfeited)
  const forfeit = {
    memberId,
    points,
    kind: 'adjust' as const,
    idempotencyKey,
    actor,
    note: '退会によるポイント失効 / forfeited on deletion',
  }
  const spent = await refusalOf(spendPoints(db, forfeit, now, erase))
  return isRefusal(spent) ? spent : { forfeited: points }
}

/** The statements that erase a membership (each applies only while it is active), its audit entry last. */
function erasure(db: Database, memberId: number, actor: string, points: number, now: Date, when: SQL) {
  const at = now.getTime()
  const active = sql`EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'active') AND ${when}`
  return [
    // Planned before the update below, which forgets whose account it was.
    planRichMenuSwitch(db, sql`la.member_id = ${memberId} AND ${active}`, now, 'guest'),
    // Before the update below, which forgets whose account it was: the bodies go, the rows stay for the shop's counts.
    db.run(sql`UPDATE deliveries SET messages = ${erasedMessages}
      WHERE line_user_id IN (SELECT line_user_id FROM line_accounts WHERE member_id = ${memberId})
        AND rich_menu IS NULL AND status NOT IN ('pending', 'sending') AND ${active}`),
    ...commerceErasure(db, memberId, active, at),
    db.run(sql`UPDATE line_accounts SET member_id = NULL, linked_at = NULL, link_method = NULL, rich_menu = 'guest',
        display_name = NULL, picture_url = NULL, updated_at = ${at}
      WHERE member_id = ${memberId} AND ${active}`),
    // So are the answers to the shop's custom fields.
    db.run(sql`DELETE FROM member_field_answers WHERE member_id = ${memberId} AND ${active}`),
    // The audit entry while the member is still active: written exactly when this batch deletes them.
    auditWhen(db, { actor, action: 'member.delete', target: `member:${memberId}`, detail: { forfeitedPoints: points } }, at,
      active),
    db.run(sql`UPDATE members SET name = ${deletedMemberName}, name_kana = NULL, birthday = NULL, phone = NULL, prefecture = NULL,
        pin_hash = NULL, marketing_opt_in = 0, point_notices = 0, status = 'deleted', updated_at = ${at}
      WHERE id = ${memberId} AND ${active}`),
  ] satisfies [unknown, ...unknown[]]
}
