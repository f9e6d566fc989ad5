// A use case's "no" as a value: a stable code and a message, which routes turn into HTTP (server/routes/refusals.ts).
import type { FieldProblemCode } from './member-fields'

/** Every refusal a use case or data module can answer; each has its HTTP status in server/routes/refusals.ts. */
export type RefusalCode =
  | 'entry_not_found'
  | 'other_store'
  | 'not_reversible'
  | 'purchase_amount_too_large'
  | 'no_points'
  | 'invalid_redeem_unit'
  | 'card_required'
  | 'member_not_found'
  | 'member_deleted'
  | 'member_already_linked'
  | 'line_already_linked'
  | 'member_number_exhausted'
  | 'birthday_locked'
  | 'legal_draft_changed'
  | 'legal_draft_missing'
  | 'invite_not_found'
  | 'invite_used'
  | 'already_staff'
  | 'invite_expired'
  | 'invite_refused'
  | 'invalid_member_number'
  | 'card_malformed'
  | 'card_unknown_key'
  | 'card_bad_signature'
  | 'card_expired'
  | 'card_not_yet_valid'
  | 'card_revoked'
  | 'card_used'
  | 'unknown_placeholder'
  | 'schedule_in_past'
  | 'campaign_not_found'
  | 'campaign_not_editable'
  | 'campaign_not_cancellable'
  | 'campaign_not_sendable'
  | 'no_recipients'
  | 'quota_exceeded'
  | 'idempotency_key_reused'
  | 'approval_invalid'
  | 'insufficient_points'
  | 'write_refused'
  | 'daily_earn_cap'
  | 'already_reversed'
  | 'not_linked'
  | 'policies_outdated'
  | 'store_not_found'
  | 'staff_not_found'
  | 'cannot_deactivate_self'
  | 'cannot_change_own_role'
  | 'store_required'
  | 'store_code_taken'
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
  | 'reservation_not_found'
  | 'csv_invalid'
  | 'unknown_member'
  | 'unknown_store'
  | 'card_member_inactive'
  | 'second_factor_required'
  | 'member_number_invalid'
  | 'link_credentials_invalid'
  | 'link_wait'
  | 'link_locked'
  | 'forward_target_not_a_url'
  | 'forward_target_not_https'
  | 'forward_target_has_credentials'
  | 'forward_target_private_address'
  | 'forward_target_too_many'
  | 'forward_target_duplicate'
  | 'webhook_forward_not_found'
  | 'webhook_forward_not_retryable'
  | 'customer_not_found'
  | 'customer_not_member'
  | 'order_cancelled'
  | 'order_delivered'
  | 'order_other_customer'
  | 'cart_other_customer'
  | 'scenario_not_found'
  | 'webhook_url_invalid'
  | 'webhook_endpoints_too_many'
  | 'webhook_endpoint_not_found'
  | 'webhook_delivery_not_found'
  | 'webhook_delivery_not_retryable'
  | 'field_not_found'
  | 'field_key_taken'
  | 'field_choice_in_use'
  | FieldProblemCode

export interface Refusal {
  ok: false
  refusal: RefusalCode
  message: string
  details?: unknown
}

export const refuse = (refusal: RefusalCode, message: string, details?: unknown): Refusal =>
  details === undefined ? { ok: false, refusal, message } : { ok: false, refusal, message, details }

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'refusal' in value

/**
 * A refusal found deep inside a ledger write, after its batch ran (insufficient points, a used card, a reused key):
 * carried up as an exception only to the use case, which answers it as a value (`refusalOf`). No HTTP in it.
 */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message)
  }
  /** The stable code, as on the HTTP error it becomes. */
  get code(): RefusalCode {
    return this.refusal.refusal
  }
}

/** Runs a write whose refusals are thrown as `Refused`, answering them as values. */
export async function refusalOf<T>(write: Promise<T>): Promise<T | Refusal> {
  try {
    return await write
  } catch (err) {
    if (err instanceof Refused) return err.refusal
    throw err
  }
}
