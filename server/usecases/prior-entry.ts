// A retried checkout key must be the same transaction as the entry it first wrote (else 409 idempotency_key_reused).
import type { LedgerEntry } from '../../db/schema'
import { keyReused } from '../data/ledger'

export function assertSameAsPrior(prior: LedgerEntry | undefined, same: (e: LedgerEntry) => boolean) {
  if (prior && !same(prior)) throw keyReused()
}
