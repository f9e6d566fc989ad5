// Checks "member number + second factor" for linking, with rate limits and lockout per LINE user and per number.
import { and, count, eq, gt } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { linkAttempts, members, type Member } from '../../db/schema'
import { normalizeDate } from '../domain/japanese-input'
import { normalizeMemberNumber } from '../domain/member-number'
import { verifyPin } from '../domain/pin'
import { ApiError, badRequest } from '../errors'

/** Failed attempts allowed in a window before further attempts are refused until the window passes. */
export const linkLimits = {
  perUser: { failures: 5, windowMs: 15 * 60_000 },
  perNumber: { failures: 10, windowMs: 60 * 60_000 },
} as const

export interface MemberCredentials {
  memberNumber: string
  birthday?: string
  pin?: string
}

const invalid = () =>
  new ApiError(401, 'link_credentials_invalid', 'The member number and birthday (or PIN) do not match a membership')

async function failuresSince(db: Database, where: ReturnType<typeof eq>, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(linkAttempts)
    .where(and(where, eq(linkAttempts.succeeded, false), gt(linkAttempts.at, since)))
  return row?.n ?? 0
}

async function assertNotLocked(db: Database, lineUserId: string, memberNumber: string | null, now: Date) {
  const { perUser, perNumber } = linkLimits
  const userFailures = await failuresSince(
    db,
    eq(linkAttempts.lineUserId, lineUserId),
    new Date(now.getTime() - perUser.windowMs),
  )
  const numberFailures = memberNumber
    ? await failuresSince(db, eq(linkAttempts.memberNumber, memberNumber), new Date(now.getTime() - perNumber.windowMs))
    : 0
  if (userFailures >= perUser.failures || numberFailures >= perNumber.failures) {
    const minutes = Math.round((userFailures >= perUser.failures ? perUser.windowMs : perNumber.windowMs) / 60_000)
    throw new ApiError(429, 'link_locked', `Too many failed attempts. Please wait ${minutes} minutes and try again.`, {
      retryAfterMinutes: minutes,
    })
  }
}

/** The active member these credentials name, or a 400/401/429; every attempt is recorded. */
export async function checkMemberCredentials(
  db: Database,
  lineUserId: string,
  input: MemberCredentials,
  now: Date,
): Promise<Member> {
  const memberNumber = normalizeMemberNumber(input.memberNumber)
  await assertNotLocked(db, lineUserId, memberNumber, now)
  const record = (succeeded: boolean) =>
    db.insert(linkAttempts).values({ lineUserId, memberNumber, succeeded, at: now })
  if (!memberNumber) {
    await record(false)
    throw badRequest(
      'member_number_invalid',
      'This is not a valid member number: please check the 10 digits on your card',
    )
  }
  if (!input.birthday && !input.pin) throw badRequest('second_factor_required', 'Enter your birthday or your PIN')
  const member = await db.query.members.findFirst({ where: eq(members.memberNumber, memberNumber) })
  let ok = false
  if (member && member.status === 'active') {
    if (input.birthday) ok = member.birthday !== null && normalizeDate(input.birthday) === member.birthday
    else if (input.pin) ok = member.pinHash !== null && (await verifyPin(input.pin, member.pinHash))
  }
  await record(ok)
  if (!ok || !member) throw invalid()
  return member
}
