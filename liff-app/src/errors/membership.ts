// Plain-language messages for the link / register / settings forms, by the server's error code.

import { waitText } from '../../../server/domain/wait-text'
import { ApiError } from '../api/http'
import { describeError } from './describe'

type Wait = ReturnType<typeof waitText>

/** Refusals that say how long to wait (`details.retryAfterSeconds`), in plain words. */
const WAIT_MESSAGES: Record<string, (wait: Wait) => readonly [string, string]> = {
  link_wait: (w) => [
    `この会員番号での失敗が続いたため、${w.ja}ほど待ってからお試しください。`,
    `Too many failed attempts for this member number. Please try again in ${w.en}.`,
  ],
  link_locked: (w) => [
    `失敗が続いたため、このLINEアカウントからは${w.ja}ほど連携できません。時間をおいてお試しください。`,
    `Too many failed attempts from this LINE account. Please try again in ${w.en}.`,
  ],
  rate_limited: (w) => [
    `アクセスが集中しています。${w.ja}ほど待ってからお試しください。`,
    `Too many requests. Please try again in ${w.en}.`,
  ],
}

function retryAfterSeconds(err: ApiError): number | null {
  const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof wait === 'number' && wait > 0 ? wait : null
}

const MESSAGES: Record<string, readonly [string, string]> = {
  member_number_invalid: [
    '会員番号が正しくありません。カードに記載の10桁をご確認ください。',
    'That member number is not valid: check the 10 digits on your card.',
  ],
  link_credentials_invalid: [
    '会員番号と生年月日（またはPIN）が一致しません。',
    'The member number and birthday (or PIN) do not match.',
  ],
  member_already_linked: [
    'この会員証は別のLINEアカウントと連携済みです。お店にお問い合わせください。',
    'This membership is already linked to another LINE account. Please contact the shop.',
  ],
  line_already_linked: [
    'このLINEアカウントは既に会員証と連携済みです。',
    'This LINE account is already linked to a membership.',
  ],
  policies_outdated: [
    '規約が更新されました。内容をご確認のうえ、もう一度お試しください。',
    'The terms were updated. Please review them and try again.',
  ],
  not_linked: ['会員証と連携されていません。', 'No membership is linked.'],
  invalid_request: ['入力内容をご確認ください。', 'Please check what you entered.'],
}

export function formError(err: unknown): { ja: string; en: string; code: string } {
  const wait = err instanceof ApiError ? retryAfterSeconds(err) : null
  if (err instanceof ApiError && wait !== null && WAIT_MESSAGES[err.code]) {
    const [ja, en] = WAIT_MESSAGES[err.code]!(waitText(wait))
    return { ja, en, code: err.code }
  }
  if (err instanceof ApiError && MESSAGES[err.code]) {
    const [ja, en] = MESSAGES[err.code]!
    return { ja, en, code: err.code }
  }
  const d = describeError(err)
  return { ja: d.ja, en: d.en, code: d.code }
}
