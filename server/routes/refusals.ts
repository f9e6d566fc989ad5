// The one table from a refusal to its HTTP answer: status, and the refusal's code as the error code.
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { isRefusal, type Refusal, type RefusalCode } from '../domain/refusal'
import { ApiError } from '../errors'

const statusOf: Record<RefusalCode, ContentfulStatusCode> = {
  entry_not_found: 404,
  other_store: 403,
  not_reversible: 422,
  purchase_amount_too_large: 422,
  no_points: 422,
  invalid_redeem_unit: 422,
  card_required: 403,
  member_not_found: 404,
  member_deleted: 409,
  member_already_linked: 409,
  line_already_linked: 409,
  member_number_exhausted: 409,
  birthday_locked: 409,
  legal_draft_changed: 409,
  legal_draft_missing: 404,
  invite_not_found: 404,
  invite_used: 409,
  already_staff: 409,
  invite_expired: 410,
  invite_refused: 409,
  invalid_member_number: 400,
  card_malformed: 422,
  card_unknown_key: 422,
  card_bad_signature: 422,
  card_expired: 422,
  card_not_yet_valid: 422,
  card_revoked: 422,
  card_used: 409,
  unknown_placeholder: 400,
  schedule_in_past: 422,
  campaign_not_found: 404,
  campaign_not_editable: 409,
  campaign_not_cancellable: 409,
  campaign_not_sendable: 409,
  no_recipients: 422,
  quota_exceeded: 409,
  idempotency_key_reused: 409,
  approval_invalid: 403,
  insufficient_points: 422,
  write_refused: 409,
  daily_earn_cap: 422,
  already_reversed: 409,
  not_linked: 404,
  policies_outdated: 400,
  store_not_found: 404,
  staff_not_found: 404,
  cannot_deactivate_self: 422,
  cannot_change_own_role: 422,
  store_required: 422,
  store_code_taken: 409,
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
  reservation_not_found: 404,
  csv_invalid: 400,
  unknown_member: 400,
  unknown_store: 400,
  card_member_inactive: 422,
  second_factor_required: 400,
  member_number_invalid: 400,
  link_credentials_invalid: 401,
  link_wait: 429,
  link_locked: 429,
  forward_target_not_a_url: 400,
  forward_target_not_https: 400,
  forward_target_has_credentials: 400,
  forward_target_private_address: 400,
  forward_target_too_many: 400,
  forward_target_duplicate: 400,
  webhook_forward_not_found: 404,
  webhook_forward_not_retryable: 409,
  customer_not_found: 404,
  customer_not_member: 422,
  order_cancelled: 409,
  order_delivered: 409,
  order_other_customer: 409,
  cart_other_customer: 409,
  scenario_not_found: 404,
}

/** The error a route throws for a refusal (answered as `{ error: { code, message, details? } }`). */
export const refusalError = (r: Refusal) => new ApiError(statusOf[r.refusal], r.refusal, r.message, r.details)

/** A use case's value when it succeeded; throws its refusal as the HTTP error of the table above. */
export function accepted<T extends { ok: true }>(result: T | Refusal): T {
  if (!result.ok) throw refusalError(result)
  return result
}

/** A data read's value when it found one; throws its refusal as the HTTP error of the table above. */
export function found<T>(result: T | Refusal): Exclude<T, Refusal> {
  if (isRefusal(result)) throw refusalError(result)
  return result as Exclude<T, Refusal>
}
