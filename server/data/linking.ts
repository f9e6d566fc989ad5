// ID連携 writes: link a LINE account to a membership, register a new one, unlink. Each is one atomic `db.batch` of
// conditional statements; `line_accounts.member_id` is UNIQUE, so of two accounts racing for a membership one wins.
import { and, eq, isNotNull } from 'drizzle-orm'
import { sql, type SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import { wroteRow } from '../../db/affected-rows'
import { lineAccounts, members, type LineAccount } from '../../db/schema'
import { memberNumberLength, luhnCheckDigit } from '../domain/member-number'
import { refuse, type Refusal } from '../domain/refusal'
import { messageLocale } from '../domain/message-locale'
import { auditWhen } from './audit'
import { recordEvent } from './domain-events'
import { planRichMenuSwitch } from './rich-menu-switches'

export type LinkMethod = NonNullable<LineAccount['linkMethod']>

export interface LinkInput {
  lineUserId: string
  memberId: number
  method: LinkMethod
  /** Who asked: `line:<userId>` for the customer, `staff:<id>` for an admin (`staffActor`). */
  actor: string
  /** A condition checked and used up in the link's own batch (the account-link flow's nonce). */
  guard?: LinkGuard
}

export interface LinkGuard {
  /** Holds while the link may be made. */
  allows: SQL
  /** Uses the guard up, run after the link in the same batch; `linked` holds when the link is in place. */
  useUp: (linked: SQL) => ReturnType<Database['run']>
}

/** Makes sure a LINE account row exists (sessions create it; webhooks may come first). */
function ensureAccount(db: Database, lineUserId: string, at: number) {
  return db.run(sql`INSERT INTO line_accounts (line_user_id, friend_status, rich_menu, created_at)
    VALUES (${lineUserId}, 'unknown', 'guest', ${at}) ON CONFLICT DO NOTHING`)
}

function isUniqueViolation(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`
  return /UNIQUE constraint failed/i.test(text)
}

/** The membership is linked to another LINE account. */
export const memberTaken = () =>
  refuse('member_already_linked', 'This membership is already linked to another LINE account. Unlink it there first, or ask the shop.')
const accountTaken = () =>
  refuse('line_already_linked', 'This LINE account is already linked to a membership. Unlink it in settings first.')

/**
 * Links `lineUserId` to `memberId`. Answers `false` when exactly this link already existed (nothing written);
 * refuses when the membership or the LINE account is linked to someone else, or the member is gone.
 */
export async function linkAccount(db: Database, input: LinkInput, now: Date): Promise<boolean | Refusal> {
  const at = now.getTime()
  const { lineUserId, memberId, method } = input
  let results: unknown[]
  try {
    results = await db.batch([
      ensureAccount(db, lineUserId, at),
      db.run(sql`UPDATE line_accounts
        SET member_id = ${memberId}, linked_at = ${at}, link_method = ${method}, rich_menu = 'member', updated_at = ${at}
        WHERE line_user_id = ${lineUserId} AND member_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM line_accounts WHERE member_id = ${memberId})
          AND EXISTS (SELECT 1 FROM members WHERE id = ${memberId} AND status = 'active')
          AND ${input.guard?.allows ?? sql`1`}`),
      auditWhen(
        db,
        { actor: input.actor, action: 'member.link', target: `member:${memberId}`, detail: { lineUserId, method } },
        at,
        sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${lineUserId} AND member_id = ${memberId}
          AND linked_at = ${at} AND link_method = ${method})`,
      ),
      ...(input.guard
        ? [input.guard.useUp(sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${lineUserId} AND member_id = ${memberId})`)]
        : []),
      planRichMenuSwitch(
        db,
        sql`la.line_user_id = ${lineUserId} AND la.member_id = ${memberId} AND la.linked_at = ${at} AND la.link_method = ${method}`,
        now,
      ),
      recordEvent(db, 'member.linked', memberId, { lineUserId, method }, now, sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${lineUserId} AND member_id = ${memberId} AND linked_at = ${at})`),
    ])
  } catch (err) {
    if (isUniqueViolation(err)) return memberTaken()
    throw err
  }
  if (wroteRow(results[1])) return true

  const account = await db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId) })
  if (account?.memberId === memberId) return false
  if (account?.memberId) return accountTaken()
  const member = await db.query.members.findFirst({ where: eq(members.id, memberId) })
  if (!member || member.status !== 'active') return refuse('member_not_found', 'No active membership with this number')
  return memberTaken()
}

export interface UnlinkInput {
  lineUserId: string
  actor: string
  reason: 'customer' | 'admin' | 'deleted'
}

/** Unlinks a LINE account from its membership; returns the member id that was unlinked, or null if none was. */
export async function unlinkAccount(db: Database, input: UnlinkInput, now: Date): Promise<number | null> {
  const at = now.getTime()
  const account = await db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, input.lineUserId) })
  const memberId = account?.memberId
  if (!memberId) return null
  const results = await db.batch([
    db.run(sql`UPDATE line_accounts
      SET member_id = NULL, linked_at = NULL, link_method = NULL, rich_menu = 'guest', updated_at = ${at}
      WHERE line_user_id = ${input.lineUserId} AND member_id = ${memberId}`),
    auditWhen(
      db,
      { actor: input.actor, action: 'member.unlink', target: `member:${memberId}`, detail: { lineUserId: input.lineUserId, reason: input.reason } },
      at,
      sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${input.lineUserId} AND member_id IS NULL AND updated_at = ${at})`,
    ),
    planRichMenuSwitch(db, sql`la.line_user_id = ${input.lineUserId} AND la.member_id IS NULL AND la.updated_at = ${at}`, now),
    recordEvent(db, 'member.unlinked', memberId, { lineUserId: input.lineUserId, reason: input.reason }, now,
      sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${input.lineUserId} AND member_id IS NULL AND updated_at = ${at})`),
  ])
  return wroteRow(results[0]) ? memberId : null
}

/** The LINE account linked to a membership, if any. */
export function findAccountOfMember(db: Database, memberId: number) {
  return db.query.lineAccounts.findFirst({ where: and(eq(lineAccounts.memberId, memberId), isNotNull(lineAccounts.memberId)) })
}

export interface NewMemberInput {
  lineUserId: string
  name: string
  nameKana: string
  birthday: string
  phone: string
  prefecture: string
  marketingOptIn: boolean
  termsVersion: string
  privacyVersion: string
  /** The app's language at registration (`members.language`): the member's LINE messages, the first ones too, follow it. */
  language?: string
}

/** A random 9-digit body (never a small sequence number, so numbers cannot be enumerated) plus its check digit. */
export function randomMemberNumber(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1))
  const body = String(100_000_000 + (n! % 900_000_000)).padStart(memberNumberLength - 1, '0')
  return `${body}${luhnCheckDigit(body)}`
}

/**
 * Creates a membership and links it to the LINE account in one batch; refused when the account is already linked.
 * `also` adds statements to that batch, given the new member's id as SQL and their number (e.g. a welcome coupon).
 */
export async function registerMember(
  db: Database,
  input: NewMemberInput,
  now: Date,
  also: (member: { id: SQL; memberNumber: string }) => BatchItem<'sqlite'>[] = () => [],
): Promise<{ memberId: number; memberNumber: string } | Refusal> {
  const at = now.getTime()
  for (let attempt = 0; attempt < 5; attempt++) {
    const memberNumber = randomMemberNumber()
    const memberId = sql`(SELECT id FROM members WHERE member_number = ${memberNumber})`
    try {
      const results = await db.batch([
        ensureAccount(db, input.lineUserId, at),
        db.run(sql`INSERT INTO members (member_number, name, name_kana, birthday, phone, prefecture, marketing_opt_in,
            terms_version, terms_accepted_at, privacy_version, privacy_accepted_at, language, created_at, updated_at)
          SELECT ${memberNumber}, ${input.name}, ${input.nameKana}, ${input.birthday}, ${input.phone}, ${input.prefecture},
            ${input.marketingOptIn ? 1 : 0}, ${input.termsVersion}, ${at}, ${input.privacyVersion}, ${at},
            ${input.language ? messageLocale(input.language) : null}, ${at}, ${at}
          WHERE NOT EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${input.lineUserId} AND member_id IS NOT NULL)`),
        db.run(sql`UPDATE line_accounts
          SET member_id = ${memberId}, linked_at = ${at}, link_method = 'register', rich_menu = 'member', updated_at = ${at}
          WHERE line_user_id = ${input.lineUserId} AND member_id IS NULL AND ${memberId} IS NOT NULL`),
        auditWhen(
          db,
          { actor: `line:${input.lineUserId}`, action: 'member.register', target: `member-number:${memberNumber}`, detail: { lineUserId: input.lineUserId, termsVersion: input.termsVersion, privacyVersion: input.privacyVersion, marketingOptIn: input.marketingOptIn } },
          at,
          sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${input.lineUserId} AND member_id = ${memberId})`,
        ),
        planRichMenuSwitch(db, sql`la.line_user_id = ${input.lineUserId} AND la.member_id = ${memberId}`, now),
        ...also({ id: memberId, memberNumber }),
        recordEvent(db, 'member.registered', memberId, { lineUserId: input.lineUserId }, now, sql`EXISTS (SELECT 1 FROM line_accounts WHERE line_user_id = ${input.lineUserId} AND member_id = ${memberId} AND linked_at = ${at})`),
      ])
      if (!wroteRow(results[1])) return accountTaken()
      const member = await db.query.members.findFirst({ where: eq(members.memberNumber, memberNumber), columns: { id: true } })
      return { memberId: member!.id, memberNumber }
    } catch (err) {
      if (!isUniqueViolation(err)) throw err // a member-number collision: try another number
    }
  }
  return refuse('member_number_exhausted', 'Could not issue a member number; please try again')
}
