// A manager's approval for one redeem without the member's card: a 6-digit code for one member, amount and store,
// shown once on the manager's device, valid a few minutes, used once (in the redeem's own batch, `LedgerWrite.approvalId`).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { redeemApprovals, type Staff } from '../../db/schema'
import type { Refusal } from '../domain/refusal'
import { audit, staffActor } from './audit'
import { approvalInvalid } from './ledger'
import { hashInviteCode } from './staff-invites'

export const redeemApprovalMinutes = 5

export interface ApprovalScope {
  memberId: number
  points: number
  storeId: number | null
}

/** Six random digits: typed at the till; guessing is useless as a code only works for the redeem it was made for. */
function newApprovalCode(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1))
  return String(n! % 1_000_000).padStart(6, '0')
}

/** Issues an approval code for exactly this redeem, with an audit entry; the code is not stored. */
export async function createRedeemApproval(db: Database, manager: Staff, scope: ApprovalScope, now: Date) {
  const code = newApprovalCode()
  const expiresAt = new Date(now.getTime() + redeemApprovalMinutes * 60_000)
  const [[row]] = await db.batch([
    db
      .insert(redeemApprovals)
      .values({ ...scope, codeHash: await hashInviteCode(code), approvedBy: manager.id, expiresAt, createdAt: now })
      .returning({ id: redeemApprovals.id }),
    audit(
      db,
      {
        actor: staffActor(manager),
        action: 'checkout.redeem_approval',
        target: `member:${scope.memberId}`,
        detail: { points: scope.points, staffRole: manager.role, expiresAt: expiresAt.toISOString() },
        storeId: scope.storeId,
      },
      now.getTime(),
    ),
  ])
  return { id: row!.id, code, expiresAt }
}

/**
 * The open approval this code grants for exactly this redeem (403 `approval_invalid` otherwise); an admin's approval
 * that names no store holds at any till, as admins act for every store. The redeem's batch
 * checks again that it is still unused and unexpired, so two tills cannot both use it.
 */
export async function findRedeemApproval(
  db: Database,
  code: string,
  scope: ApprovalScope,
  now: Date,
): Promise<{ id: number; approvedBy: number } | Refusal> {
  const [row] = await db.all<{ id: number; approved_by: number }>(sql`
    SELECT id, approved_by FROM redeem_approvals
    WHERE member_id = ${scope.memberId} AND code_hash = ${await hashInviteCode(code)} AND points = ${scope.points}
      AND (store_id IS ${scope.storeId} OR store_id IS NULL) AND used_at IS NULL AND expires_at > ${now.getTime()}
    LIMIT 1`)
  if (!row) return approvalInvalid()
  return { id: row.id, approvedBy: row.approved_by }
}
