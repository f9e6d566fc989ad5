// The one table from a use case's refusal to its HTTP answer: status, and the refusal's code as the error code.
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Refusal, RefusalCode } from '../domain/refusal'
import { ApiError } from '../errors'

const statusOf: Record<RefusalCode, ContentfulStatusCode> = {
  entry_not_found: 404,
  other_store: 403,
  not_reversible: 422,
  purchase_amount_too_large: 422,
  no_points: 422,
  invalid_redeem_unit: 422,
  card_required: 403,
  coupon_not_found: 404,
  coupon_inactive: 422,
  coupon_not_reward: 422,
  coupon_limit_reached: 409,
  coupon_sold_out: 409,
  coupon_used: 409,
  coupon_expired: 422,
  coupon_revoked: 422,
  coupon_not_yet_valid: 422,
  coupon_other_store: 403,
  coupon_token_invalid: 422,
  coupon_token_expired: 422,
  coupon_redemption_not_found: 404,
  coupon_already_reversed: 409,
  member_inactive: 422,
}

/** The error a route throws for a refusal (answered as `{ error: { code, message, details? } }`). */
export const refusalError = (r: Refusal) => new ApiError(statusOf[r.refusal], r.refusal, r.message, r.details)

/** A use case's value when it succeeded; throws its refusal as the HTTP error of the table above. */
export function accepted<T extends { ok: true }>(result: T | Refusal): T {
  if (!result.ok) throw refusalError(result)
  return result
}
