// A retried checkout key must be the same transaction as the entry it first wrote (else 409 idempotency_key_reused).
import type { LedgerEntry } from '../../db/schema'
import { keyReused } from '../data/ledger'
import type { Refusal } from '../domain/refusal'

/** The refusal of a key retried for a different transaction than its entry, or null. */
export function reusedKey(prior: LedgerEntry | undefined, same: (e: LedgerEntry) => boolean): Refusal | null {
  return prior && !same(prior) ? keyReused().refusal : null
}
