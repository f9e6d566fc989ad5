// A member agreeing to the current terms of use and privacy policy (after a material change, or to confirm them): the
// consented versions and a `member.consent` audit entry in one batch; versions that are no longer current are refused.
import { findLinkedMember } from '../data/card-view'
import { memberNeedsReconsent, recordConsent } from '../data/legal-documents'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import { currentPolicyVersions } from '../legal/versions'
import type { UseCaseContext } from './context'

export interface ConsentState {
  /** A material change was published since the member last agreed. */
  required: boolean
  policies: Awaited<ReturnType<typeof currentPolicyVersions>>
  consented: { terms: string | null; privacy: string | null }
}

export interface ConsentChange {
  lineUserId: string
  termsVersion: string
  privacyVersion: string
}

export interface ConsentChanged {
  ok: true
  /** The member's consent as it stands after. */
  consent: ConsentState
}

const notLinked = () => refuse('not_linked', 'This LINE account is not linked to a membership')
const outdated = () =>
  refuse(
    'policies_outdated',
    'The terms or privacy policy changed while you were reading them: please review them again',
  )

/** The current policies and what the member of this LINE account agreed to. */
export async function consentState(ctx: UseCaseContext, lineUserId: string): Promise<ConsentState | Refusal> {
  const member = await findLinkedMember(ctx.db, lineUserId)
  if (!member) return notLinked()
  const [required, policies] = await Promise.all([
    memberNeedsReconsent(ctx.db, member.id),
    currentPolicyVersions(ctx.db),
  ])
  return { required, policies, consented: { terms: member.termsVersion, privacy: member.privacyVersion } }
}

export async function changeConsent(ctx: UseCaseContext, change: ConsentChange): Promise<ConsentChanged | Refusal> {
  const member = await findLinkedMember(ctx.db, change.lineUserId)
  if (!member) return notLinked()
  const policies = await currentPolicyVersions(ctx.db)
  if (change.termsVersion !== policies.terms.version || change.privacyVersion !== policies.privacy.version)
    return outdated()
  const versions = { terms: change.termsVersion, privacy: change.privacyVersion }
  // The batch writes only while these versions are still current and the member active: a policy published since
  // the read above, or a deletion, writes neither the consent nor its audit entry.
  if (!(await recordConsent(ctx.db, member.id, versions, `line:${change.lineUserId}`, ctx.clock()))) return outdated()
  const consent = await consentState(ctx, change.lineUserId)
  return isRefusal(consent) ? consent : { ok: true, consent }
}
