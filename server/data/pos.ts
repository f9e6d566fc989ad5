// What the POS integration reads around the checkout use cases: the store a request names by code, and the entry a
// key wrote for a receipt (its ledger key is derived from the receipt id: `posLedgerKey`).
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { pointLedger, stores } from '../../db/schema'
import { refuse, type Refusal } from '../domain/refusal'
import { ledgerKey } from './checkout'
import type { Cashier } from './cashier'

export type PosAction = 'earn' | 'redeem'

/** The client key of a POS action for a receipt, unless the request sent its own `Idempotency-Key`. */
export const posClientKey = (action: PosAction | `return:${PosAction}`, receiptId: string, header?: string) =>
  header ? `idem:${header}` : `${action}:${receiptId}`

/** The id of the store with this code, or `unknown_store`. */
export async function storeIdByCode(db: Database, code: string): Promise<number | Refusal> {
  const store = await db.query.stores.findFirst({ where: eq(stores.code, code), columns: { id: true } })
  return store ? store.id : refuse('unknown_store', `No store with code ${code}`)
}

/** The earn or redeem this cashier wrote for a receipt (without an `Idempotency-Key`), or `entry_not_found`. */
export async function entryOfReceipt(
  db: Database,
  cashier: Cashier,
  action: PosAction,
  receiptId: string,
): Promise<number | Refusal> {
  const entry = await db.query.pointLedger.findFirst({
    where: eq(pointLedger.idempotencyKey, ledgerKey(cashier, posClientKey(action, receiptId))),
    columns: { id: true },
  })
  return entry ? entry.id : refuse('entry_not_found', `No ${action} for receipt ${receiptId}`)
}
