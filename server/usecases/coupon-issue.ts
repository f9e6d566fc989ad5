// Issuing a coupon to one member (an admin, the integration API): the copy, its audit entry and the LINE message
// that links to it in one batch, once per issue key, within the coupon's per-member and total limits.
import type { MemberCoupon } from '../../db/schema'
import { auditWhen } from '../data/audit'
import { receiptRecipient } from '../data/checkout'
import {
  copyByKey,
  copyWritten,
  couponIssuable,
  couponIssuedMessage,
  findCoupon,
  insertCopy,
  notIssuableBecause,
} from '../data/coupon-copies'
import { keyReused } from '../data/ledger'
import { enqueueMessageWhen } from '../data/outbox'
import { refuse, type Refusal } from '../domain/refusal'
import { sql } from 'drizzle-orm'
import type { UseCaseContext } from './context'

export interface IssueInput {
  couponId: number
  memberId: number
  /** The caller's key, already scoped to it (e.g. `admin:1:<client key>`). */
  issueKey: string
  source: 'admin' | 'api' | 'scenario'
  actor: string
}

export interface Issued {
  ok: true
  copy: MemberCoupon
  replayed: boolean
}

export async function issueCoupon(ctx: UseCaseContext, input: IssueInput): Promise<Issued | Refusal> {
  const { db, config } = ctx
  const now = ctx.clock()
  const at = now.getTime()
  const [coupon, prior, recipient] = await Promise.all([
    findCoupon(db, input.couponId),
    copyByKey(db, input.issueKey),
    receiptRecipient(db, input.memberId),
  ])
  if (!coupon) return refuse('coupon_not_found', 'No coupon with this id')
  if (prior) {
    if (prior.couponId !== input.couponId || prior.memberId !== input.memberId) throw keyReused()
    return { ok: true, copy: prior, replayed: true }
  }
  const writeId = crypto.randomUUID()
  const written = copyWritten({ issueKey: input.issueKey }, writeId)
  const memberActive = sql`EXISTS (SELECT 1 FROM members WHERE id = ${input.memberId} AND status = 'active')`
  await db.batch([
    insertCopy(
      db,
      { coupon, memberId: input.memberId, issueKey: input.issueKey, source: input.source },
      writeId,
      now,
      sql`${memberActive} AND ${couponIssuable(coupon.id, input.memberId, at)}`,
    ),
    auditWhen(
      db,
      {
        actor: input.actor,
        action: 'coupon.issued',
        target: `member:${input.memberId}`,
        detail: { couponId: coupon.id, title: coupon.title, issueKey: input.issueKey },
      },
      at,
      written,
    ),
    ...(recipient.to
      ? [
          enqueueMessageWhen(
            db,
            {
              dedupeKey: `coupon-issued:${input.issueKey}`,
              kind: 'coupon_issued',
              holdInQuietHours: true,
              lineUserId: recipient.to,
              messages: [couponIssuedMessage(config, coupon, recipient.language)],
            },
            now,
            written,
          ),
        ]
      : []),
  ])
  const copy = await copyByKey(db, input.issueKey)
  if (copy && copy.writeId === writeId) return { ok: true, copy, replayed: false }
  // The same key sent concurrently: the other attempt's copy.
  if (copy) return { ok: true, copy, replayed: true }
  const member = await db.query.members.findFirst({ where: (m, { eq }) => eq(m.id, input.memberId) })
  if (!member || member.status !== 'active') return refuse('member_inactive', 'No active membership with this id')
  const why = (await notIssuableBecause(db, coupon, input.memberId, now)) ?? 'coupon_limit_reached'
  return refuse(why, refusalMessages[why])
}

export const refusalMessages = {
  coupon_inactive: 'This coupon is archived or its period has ended',
  coupon_limit_reached: 'This member already holds as many of this coupon as allowed',
  coupon_sold_out: 'All copies of this coupon have been issued',
} as const
