// ID連携 bookkeeping: link attempts (rate limits, lockout) and account-link nonces (Messaging API flow).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant, rowId, rowOf } from './columns'
import { members } from './members'

export const linkAttempts = sqliteTable(
  'link_attempts',
  {
    id: rowId(),
    lineUserId: text().notNull(),
    /** The member number tried, normalised; null when it was not a valid number. */
    memberNumber: text(),
    succeeded: integer({ mode: 'boolean' }).notNull(),
    at: instant().notNull(),
  },
  (t) => [
    index('link_attempts_user_idx').on(t.lineUserId, t.at),
    index('link_attempts_number_idx').on(t.memberNumber, t.at),
  ],
)

export const accountLinkNonces = sqliteTable('account_link_nonces', {
  /** SHA-256 (hex) of the nonce sent to LINE; the nonce itself is never stored. */
  nonceHash: text().primaryKey(),
  lineUserId: text().notNull(),
  memberId: rowOf(() => members.id),
  expiresAt: instant().notNull(),
  usedAt: instant(),
  result: text({ enum: ['ok', 'failed'] }),
  /** The accountLink event that used the nonce: its retries may finish what it started, no other event may. */
  webhookEventId: text(),
})

export type LinkAttempt = typeof linkAttempts.$inferSelect
export type AccountLinkNonce = typeof accountLinkNonces.$inferSelect
