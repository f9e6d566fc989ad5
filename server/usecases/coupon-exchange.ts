// A member buys a reward with points in the LIFF app: the points spent (earliest-expiring lots first), the coupon
// copy paid by that entry and the audit entry in ONE batch. The reward's limits are part of the ledger write's own
// condition, so either the points go and the coupon comes, or neither; once per member and key.
import type { LedgerEntry, MemberCoupon } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { copyByKey, couponIssuable, findCoupon, insertCopy, notIssuableBecause } from '../data/coupon-copies'
import { ledgerEntryByKey, spendPoints } from '../data/ledger'
import { issuableAt } from '../domain/coupon'
import { isRefusal, refusalOf, refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'
import { refusalMessages } from './coupon-issue'

export interface ExchangeInput {
  memberId: number
  couponId: number
  /** The LIFF app's key for this exchange; scoped to the member. */
  idempotencyKey: string
}

export interface Exchanged {
  ok: true
  copy: MemberCoupon
  entry: LedgerEntry
  balance: number
  replayed: boolean
}

export async function exchangeReward(ctx: UseCaseContext, input: ExchangeInput): Promise<Exchanged | Refusal> {
  const { db } = ctx
  const now = ctx.clock()
  const at = now.getTime()
  const ledgerKey = `coupon-exchange:${input.memberId}:${input.idempotencyKey}`
  const issueKey = `exchange:${input.memberId}:${input.idempotencyKey}`
  const [coupon, prior] = await Promise.all([findCoupon(db, input.couponId), ledgerEntryByKey(db, ledgerKey)])
  if (!coupon) return refuse('coupon_not_found', 'No coupon with this id')
  if (coupon.pointsPrice === null) return refuse('coupon_not_reward', 'This coupon cannot be bought with points')
  if (!prior) {
    if (coupon.status !== 'active' || !issuableAt(coupon, now)) {
      return refuse('coupon_inactive', refusalMessages.coupon_inactive)
    }
    const why = await notIssuableBecause(db, coupon, input.memberId, now)
    if (why) return refuse(why, refusalMessages[why])
  }
  const actor = `member:${input.memberId}`
  const outcome = await refusalOf(
    spendPoints(
      db,
      {
        memberId: input.memberId,
        idempotencyKey: ledgerKey,
        actor,
        points: coupon.pointsPrice,
        note: `coupon:${coupon.id}`,
        condition: couponIssuable(coupon.id, input.memberId, at),
      },
      now,
      (ref) => [
        insertCopy(
          db,
          { coupon, memberId: input.memberId, issueKey, source: 'exchange', ledgerEntryId: ref.entryId },
          crypto.randomUUID(),
          now,
          ref.written,
        ),
        auditWhen(
          db,
          {
            actor,
            action: 'coupon.exchanged',
            target: `member:${input.memberId}`,
            detail: { couponId: coupon.id, title: coupon.title, points: coupon.pointsPrice },
          },
          at,
          ref.written,
        ),
      ],
    ),
  )
  if (isRefusal(outcome)) {
    // Refused inside the batch: too few points, or the reward ran out (or hit its limit) meanwhile.
    if (!['write_refused', 'insufficient_points'].includes(outcome.refusal)) return outcome
    const why = await notIssuableBecause(db, coupon, input.memberId, now)
    return why ? refuse(why, refusalMessages[why]) : outcome
  }
  const copy = await copyByKey(db, issueKey)
  return { ok: true, copy: copy!, entry: outcome.entry, balance: outcome.balance, replayed: outcome.replayed }
}
