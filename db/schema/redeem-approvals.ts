// A manager's approval for one redeem without the member's card: a short code for one member, amount and store.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId, rowOf } from './columns'
import { members } from './members'
import { staff } from './staff'
import { stores } from './stores'

export const redeemApprovals = sqliteTable(
  'redeem_approvals',
  {
    id: rowId(),
    /** SHA-256 of the code the manager reads out; the code itself is shown once. */
    codeHash: text().notNull(),
    storeId: integer().references(() => stores.id),
    memberId: rowOf(() => members.id),
    points: integer().notNull(),
    /** The manager or admin who approved. */
    approvedBy: rowOf(() => staff.id),
    expiresAt: instant().notNull(),
    /** Set in the redeem's own batch: an approval is used once. */
    usedAt: instant(),
    usedByStaffId: integer(),
    createdAt: createdAt(),
  },
  (t) => [index('redeem_approvals_member_idx').on(t.memberId, t.codeHash)],
)

export type RedeemApproval = typeof redeemApprovals.$inferSelect
