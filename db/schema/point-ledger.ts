// Append-only points ledger. Earn rows are lots that expire; `remaining` tracks what is left of a lot.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId, rowOf } from './columns'
import { members } from './members'
import { stores } from './stores'

export const ledgerKinds = ['earn', 'redeem', 'expire', 'adjust', 'reverse'] as const

export const pointLedger = sqliteTable(
  'point_ledger',
  {
    id: rowId(),
    memberId: rowOf(() => members.id),
    kind: text({ enum: ledgerKinds }).notNull(),
    /** Signed change to the balance. */
    points: integer().notNull(),
    /**
     * The member's balance right after this entry, computed in the entry's own insert (so its receipt states it
     * under any concurrency); null for rows written in bulk (expiry, imports, seed).
     */
    balanceAfter: integer(),
    /** For earn lots (and positive adjustments): points of this lot not yet spent or expired. */
    remaining: integer(),
    expiresAt: instant(),
    /** Purchase amount in yen that the earn was computed from. */
    purchaseAmount: integer(),
    storeId: integer().references(() => stores.id),
    /** Who made the change, e.g. `staff:3` (admins too), `system:expiry`, `ec:order`. */
    actor: text().notNull(),
    /** The row this one reverses (kind = reverse); at most one reversal a row (`point_ledger_reverses_id_unique`). */
    reversesId: integer(),
    /** Never applied twice, even when the same request arrives concurrently. */
    idempotencyKey: text().notNull().unique(),
    note: text(),
    /**
     * A reversed earn whose points were partly used: the used points that could not be taken back from the member's
     * balance, for the shop to settle outside the ledger (e.g. off the cash refund). Null on other rows.
     */
    shortfall: integer(),
    /** Fresh per write attempt: later statements of the same batch apply only if this row was inserted by it. */
    writeId: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('point_ledger_member_idx').on(t.memberId, t.id),
    index('point_ledger_store_idx').on(t.storeId, t.id),
    index('point_ledger_lots_idx').on(t.memberId, t.expiresAt),
    // Lots with points left by expiry date: the expiry job, and expiring-points notices by member.
    index('point_ledger_expiring_member_idx')
      .on(t.expiresAt, t.memberId)
      .where(sql`${t.remaining} > 0`),
    // Points issued and redeemed per day on the dashboard, read from the index alone.
    index('point_ledger_created_idx').on(t.createdAt, t.kind, t.points),
    // Purchases by time for the message reports' attribution, read from the index alone.
    index('point_ledger_purchase_idx')
      .on(t.createdAt, t.memberId, t.purchaseAmount)
      .where(sql`${t.kind} = 'earn' AND ${t.purchaseAmount} IS NOT NULL`),
    // Only reversals have a target: every other entry (each earn and redeem) adds no entry here.
    uniqueIndex('point_ledger_reverses_id_unique')
      .on(t.reversesId)
      .where(sql`${t.reversesId} IS NOT NULL`),
    check('point_ledger_remaining_not_negative', sql`${t.remaining} IS NULL OR ${t.remaining} >= 0`),
  ],
)

/** Which lots a negative entry (redeem, negative adjust) took its points from, so a reversal can restore them. */
export const ledgerAllocations = sqliteTable(
  'ledger_allocations',
  {
    entryId: rowOf(() => pointLedger.id),
    lotId: rowOf(() => pointLedger.id),
    points: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.lotId] })],
)

export type LedgerEntry = typeof pointLedger.$inferSelect
export type NewLedgerEntry = typeof pointLedger.$inferInsert
