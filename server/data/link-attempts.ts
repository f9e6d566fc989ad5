// Link attempts as records and locks at once: an attempt is recorded (as a failure until it succeeds) by the same
// conditional INSERT that decides whether the account may try now, so concurrent attempts cannot slip past the wait.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { linkAttemptWindowMs, linkDelays, linkGuessingAlert, linkWaitMs, maxDoublings, type LinkDelayRule } from '../domain/link-delays'

export interface LinkAttemptKey {
  lineUserId: string
  /** Normalised; null when what was typed is not a valid member number. */
  memberNumber: string | null
}

export type LinkAttemptClaim =
  | { ok: true; attemptId: number }
  | { ok: false; scope: 'number' | 'account'; retryAfterSeconds: number }

const int = (n: number) => sql`CAST(${n} AS INTEGER)`

/** The failures of one scope within the window: their count and the time of the last. */
function failuresOf(where: SQL, since: number) {
  return sql`SELECT count(*) AS n, max(at) AS last FROM link_attempts WHERE ${where} AND succeeded = 0 AND at > ${int(since)}`
}

/** True in SQL when the failures of `where` still make the account wait at `at` (linkWaitMs, spelled in SQL). */
function waiting(rule: LinkDelayRule, where: SQL, at: number) {
  const wait = sql`min(${int(rule.maxWaitMs)}, ${int(rule.firstWaitMs)} * (1 << min(f.n - ${int(rule.freeFailures)}, ${int(maxDoublings)})))`
  return sql`EXISTS (SELECT 1 FROM (${failuresOf(where, at - linkAttemptWindowMs)}) AS f
    WHERE f.n >= ${int(rule.freeFailures)} AND f.last + ${wait} > ${int(at)})`
}

const scopes = (key: LinkAttemptKey) => ({
  account: sql`line_user_id = ${key.lineUserId}`,
  number: sql`line_user_id = ${key.lineUserId} AND member_number = ${key.memberNumber}`,
})

/** Records an attempt, as a failure, unless the account must wait first: then how long, and which limit holds it. */
export async function claimLinkAttempt(db: Database, key: LinkAttemptKey, now: Date): Promise<LinkAttemptClaim> {
  const at = now.getTime()
  const where = scopes(key)
  const [row] = await db.all<{ id: number }>(sql`INSERT INTO link_attempts (line_user_id, member_number, succeeded, at)
    SELECT ${key.lineUserId}, ${key.memberNumber}, 0, ${int(at)}
    WHERE NOT ${waiting(linkDelays.perAccount, where.account, at)}
      AND NOT ${waiting(linkDelays.perNumber, where.number, at)}
    RETURNING id`)
  if (row) return { ok: true, attemptId: row.id }

  // Refused: read how long for (the decision above was atomic; this only words it).
  const waitOf = async (rule: LinkDelayRule, scope: SQL) => {
    const [f] = await db.all<{ n: number; last: number | null }>(failuresOf(scope, at - linkAttemptWindowMs))
    return f?.last == null ? 0 : f.last + linkWaitMs(rule, f.n) - at
  }
  const account = await waitOf(linkDelays.perAccount, where.account)
  const number = account > 0 ? 0 : await waitOf(linkDelays.perNumber, where.number)
  return {
    ok: false,
    scope: account > 0 ? 'account' : 'number',
    retryAfterSeconds: Math.max(1, Math.ceil(Math.max(account, number) / 1000)),
  }
}

/** Marks a claimed attempt as the success it turned out to be. */
export async function markLinkAttemptSucceeded(db: Database, attemptId: number): Promise<void> {
  await db.run(sql`UPDATE link_attempts SET succeeded = 1 WHERE id = ${int(attemptId)}`)
}

/**
 * Raises `alert.link_guessing` for a member number that failed from `linkGuessingAlert.accounts` or more LINE
 * accounts within its window, at most once a window per number; one conditional statement, so concurrent failures
 * raise it once.
 */
export async function alertLinkGuessing(db: Database, memberNumber: string, now: Date): Promise<void> {
  const at = now.getTime()
  const since = at - linkGuessingAlert.windowMs
  const target = `member-number:${memberNumber}`
  await db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
    SELECT 'system', 'alert.link_guessing', ${target},
      json_object('accounts', f.n, 'threshold', ${int(linkGuessingAlert.accounts)}, 'windowMinutes', ${int(linkGuessingAlert.windowMs / 60_000)}),
      NULL, ${int(at)}
    FROM (SELECT count(DISTINCT line_user_id) AS n FROM link_attempts
      WHERE member_number = ${memberNumber} AND succeeded = 0 AND at > ${int(since)}) AS f
    WHERE f.n >= ${int(linkGuessingAlert.accounts)}
      AND NOT EXISTS (SELECT 1 FROM audit_log WHERE action = 'alert.link_guessing' AND target = ${target} AND at > ${int(since)})`)
}
