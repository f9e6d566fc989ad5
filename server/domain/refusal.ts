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
  | 'coupon_not_found'
  | 'coupon_inactive'
  | 'coupon_not_reward'
  | 'coupon_limit_reached'
  | 'coupon_sold_out'
  | 'coupon_used'
  | 'coupon_expired'
  | 'coupon_revoked'
  | 'coupon_not_yet_valid'
  | 'coupon_other_store'
  | 'coupon_token_invalid'
  | 'coupon_token_expired'
  | 'coupon_redemption_not_found'
  | 'coupon_already_reversed'
  | 'member_inactive'

export interface Refusal {
  ok: false
  refusal: RefusalCode
  message: string
  details?: unknown
}

export const refuse = (refusal: RefusalCode, message: string, details?: unknown): Refusal =>
  details === undefined ? { ok: false, refusal, message } : { ok: false, refusal, message, details }
