// Registering a new membership from the LIFF app: the member, the link to this LINE account, the consent to the
// current policies, the audit entry, the rich-menu switch, the welcome coupon (settings `couponRules.welcome`) and the
// answers to the custom fields asked at registration in one batch, then the menu shown.
import { welcomeCouponWrites } from '../data/coupon-rules'
import { findCoupon } from '../data/coupon-copies'
import { loadCurrentPolicies } from '../data/legal-documents'
import { loadSettings } from '../data/settings'
import { registerMember, type NewMemberInput } from '../data/linking'
import { answerWrites } from '../data/member-fields'
import type { AnswerInput } from '../domain/member-fields'
import { policyVersionLabel } from '../domain/consent'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import { applyRichMenuNow } from '../outbox/rich-menu'
import { sql } from 'drizzle-orm'
import { checkedAnswers } from './answer-fields'
import type { LineUseCaseContext } from './context'

export interface Registered {
  ok: true
  memberId: number
  memberNumber: string
}

/** The coupon of the welcome rule, if one is set (an archived or ended one issues nothing: `issueRuleCopies`). */
async function welcomeCoupon(db: LineUseCaseContext['db']) {
  const { couponRules } = await loadSettings(db)
  return couponRules.welcome === null ? undefined : findCoupon(db, couponRules.welcome)
}

export async function registerMembership(
  ctx: LineUseCaseContext,
  input: NewMemberInput & { answers?: AnswerInput },
): Promise<Registered | Refusal> {
  const current = await loadCurrentPolicies(ctx.db)
  if (
    input.termsVersion !== policyVersionLabel(current.terms?.version) ||
    input.privacyVersion !== policyVersionLabel(current.privacy?.version)
  ) {
    return refuse(
      'policies_outdated',
      'The terms or privacy policy changed while you were registering: please review them again',
    )
  }
  const fields = await checkedAnswers(ctx, input.answers ?? {}, 'registration')
  if (isRefusal(fields)) return fields
  const now = ctx.clock()
  const welcome = await welcomeCoupon(ctx.db)
  const registered = await registerMember(ctx.db, input, now, (member) => [
    ...(welcome
      ? welcomeCouponWrites(
          ctx.db,
          ctx.config,
          welcome,
          { ...member, lineUserId: input.lineUserId, language: input.language ?? null },
          now,
        )
      : []),
    ...answerWrites(ctx.db, member.id, fields.fieldIds, fields.answers, now.getTime(), sql`${member.id} IS NOT NULL`),
  ])
  if (isRefusal(registered)) return registered
  await applyRichMenuNow(ctx, input.lineUserId)
  return { ok: true, ...registered }
}
