// A use case's "no" as a value: a stable code and a message, which routes turn into HTTP (server/routes/refusals.ts).

/** Every refusal a use case can answer; each has its HTTP status in server/routes/refusals.ts. */
export type RefusalCode =
  | 'entry_not_found'
  | 'other_store'
  | 'not_reversible'
  | 'purchase_amount_too_large'
  | 'no_points'
  | 'invalid_redeem_unit'
  | 'card_required'

export interface Refusal {
  ok: false
  refusal: RefusalCode
  message: string
  details?: unknown
}

export const refuse = (refusal: RefusalCode, message: string, details?: unknown): Refusal =>
  details === undefined ? { ok: false, refusal, message } : { ok: false, refusal, message, details }
