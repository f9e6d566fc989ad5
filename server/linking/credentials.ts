// Checks "member number + second factor" for linking (both the LIFF form and the account-link login page), with
// growing waits per LINE account and per (account, number), and an alert when one number is tried from many accounts.
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { members, type Member } from '../../db/schema'
import { alertLinkGuessing, claimLinkAttempt, markLinkAttemptSucceeded } from '../data/link-attempts'
import { normalizeDate } from '../domain/japanese-input'
import { normalizeMemberNumber } from '../domain/member-number'
import { verifyPin } from '../domain/pin'
import { refuse, type Refusal } from '../domain/refusal'

export interface MemberCredentials {
  memberNumber: string
  birthday?: string
  pin?: string
}

const invalid = () =>
  refuse('link_credentials_invalid', 'The member number and birthday (or PIN) do not match a membership')

const minutes = (seconds: number) => Math.ceil(seconds / 60)

/**
 * A refused attempt (429 with `Retry-After`): `link_wait` for this number, `link_locked` for every number from this
 * account.
 */
function waitRefusal(scope: 'number' | 'account', retryAfterSeconds: number, now: Date): Refusal {
  const details = { retryAt: new Date(now.getTime() + retryAfterSeconds * 1000).toISOString(), retryAfterSeconds }
  const wait = `Please wait ${minutes(retryAfterSeconds)} minutes and try again.`
  return scope === 'number'
    ? refuse('link_wait', `Too many failed attempts for this member number. ${wait}`, details)
    : refuse('link_locked', `Too many failed attempts from this LINE account. ${wait}`, details)
}

/** The active member these credentials name, or a refusal (400, 401 or 429 in the table); every attempt is recorded. */
export async function checkMemberCredentials(
  db: Database,
  lineUserId: string,
  input: MemberCredentials,
  now: Date,
): Promise<Member | Refusal> {
  if (!input.birthday && !input.pin) return refuse('second_factor_required', 'Enter your birthday or your PIN')
  const memberNumber = normalizeMemberNumber(input.memberNumber)
  const claim = await claimLinkAttempt(db, { lineUserId, memberNumber }, now)
  if (!claim.ok) return waitRefusal(claim.scope, claim.retryAfterSeconds, now)
  if (!memberNumber) {
    return refuse('member_number_invalid', 'This is not a valid member number: please check the 10 digits on your card')
  }
  const member = await db.query.members.findFirst({ where: eq(members.memberNumber, memberNumber) })
  let ok = false
  if (member && member.status === 'active') {
    if (input.birthday) ok = member.birthday !== null && normalizeDate(input.birthday) === member.birthday
    else if (input.pin) ok = member.pinHash !== null && (await verifyPin(input.pin, member.pinHash))
  }
  if (!ok || !member) {
    await alertLinkGuessing(db, memberNumber, now)
    return invalid()
  }
  await markLinkAttemptSucceeded(db, claim.attemptId)
  return member
}
