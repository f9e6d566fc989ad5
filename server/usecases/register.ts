// Registering a new membership from the LIFF app: the member, the link to this LINE account, the consent to the
// current policies, the audit entry and the rich-menu switch in one batch, then the menu shown.
import { loadCurrentPolicies } from '../data/legal-documents'
import { registerMember, type NewMemberInput } from '../data/linking'
import { policyVersionLabel } from '../domain/consent'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import { applyRichMenuNow } from '../outbox/rich-menu'
import type { LineUseCaseContext } from './context'

export interface Registered {
  ok: true
  memberId: number
  memberNumber: string
}

export async function registerMembership(
  ctx: LineUseCaseContext,
  input: NewMemberInput,
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
  const registered = await registerMember(ctx.db, input, ctx.clock())
  if (isRefusal(registered)) return registered
  await applyRichMenuNow(ctx, input.lineUserId)
  return { ok: true, ...registered }
}
