// Who acts at a checkout: a person on the staff (the staff page) or a shop system through its API key (a POS). The
// earn, redeem and reverse use cases take either, so both write the same ledger rows, audit entries and receipts.
import type { ApiKey, Staff, StaffRole } from '../../db/schema'
import { apiKeyActor, staffActor } from './audit'

export interface Cashier {
  /** The audit and ledger actor: `staff:<id>` or `apikey:<id>`. */
  actor: string
  /** A staff role, or `api_key`: a till's rights (no manager's: a redeem without the card follows the shop's rule). */
  role: StaffRole | 'api_key'
  /** The staff member's id (card scans, approvals used); null for an API key. */
  staffId: number | null
  /** The store they act for; null for any (admins, and API keys, which name the store per request). */
  storeId: number | null
  /** What the client's idempotency keys are namespaced by (`ledgerKey`): one cashier never replays another's. */
  keyScope: string
}

export const staffCashier = (staff: Staff): Cashier => ({
  actor: staffActor(staff),
  role: staff.role,
  staffId: staff.id,
  storeId: staff.storeId,
  keyScope: `checkout:${staff.id}`,
})

export const apiKeyCashier = (key: Pick<ApiKey, 'id'>): Cashier => ({
  actor: apiKeyActor(key),
  role: 'api_key',
  staffId: null,
  storeId: null,
  keyScope: apiKeyActor(key),
})

/** Managers and admins vouch for a redeem without the card themselves. */
export const vouchesForRedeem = (cashier: Cashier) => cashier.role === 'manager' || cashier.role === 'admin'
