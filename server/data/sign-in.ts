// Signing in: the LINE account (created or refreshed from the ID token), the member's language, the staff row.
import { and, eq, isNull, ne, or } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, staff, type LineAccount } from '../../db/schema'
import { messageLocale } from '../domain/message-locale'
import type { IdTokenClaims } from '../line/id-token'

/**
 * The LINE account signing in, created, or updated when LINE reports another name or picture. A returning customer
 * with the same profile writes nothing: a write on every sign-in would also make every kept card stale
 * (card-view-cache.ts) just when many customers open their cards at once.
 */
export async function lineAccountOf(db: Database, claims: IdTokenClaims, now: Date): Promise<LineAccount | undefined> {
  const [known] = await db.select().from(lineAccounts).where(eq(lineAccounts.lineUserId, claims.sub)).limit(1)
  const same = (reported: string | undefined, stored: string | null) => reported === undefined || reported === stored
  if (known && same(claims.name, known.displayName) && same(claims.picture, known.pictureUrl)) return known
  const [account] = await db
    .insert(lineAccounts)
    .values({ lineUserId: claims.sub, displayName: claims.name, pictureUrl: claims.picture })
    .onConflictDoUpdate({
      target: lineAccounts.lineUserId,
      set: { displayName: claims.name, pictureUrl: claims.picture, updatedAt: now },
    })
    .returning()
  return account
}

/** Records the member's language for their LINE messages; writes only when it changed (see lineAccountOf). */
export async function rememberLanguage(db: Database, memberId: number, language: string): Promise<void> {
  const locale = messageLocale(language)
  await db
    .update(members)
    .set({ language: locale })
    .where(and(eq(members.id, memberId), or(isNull(members.language), ne(members.language, locale))))
}


/** The staff row of a LINE user (active or not), if any. */
export const staffOfLineUser = (db: Database, lineUserId: string) =>
  db.query.staff.findFirst({ where: eq(staff.lineUserId, lineUserId) })
