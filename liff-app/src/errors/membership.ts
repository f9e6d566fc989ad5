// Plain-language messages for the link / register / settings forms, by the server's error code.

import { refusalText } from '../../../server/domain/wait-text'
import { ApiError } from '../api/http'
import { describeError } from './describe'

/** A refusal's wait in words (`details.retryAfterSeconds` of link_wait, link_locked, rate_limited), if it has one. */
function refusalOf(err: ApiError) {
  const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof wait === 'number' && wait > 0 ? refusalText(err.code, wait) : undefined
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
  // Only the forms meet these, so their words stay out of the card's first-paint script (describe.ts).
  control_characters: [
    '入力に使えない文字（制御文字など目に見えない文字）が含まれています。その部分を消して入力し直してください。',
    'The text contains a character that cannot be used (a control or invisible character). Please remove it and try again.',
  ],
  link_wait: [
    'この会員番号での失敗が続いたため、しばらく待ってからお試しください。',
    'Too many failed attempts for this member number. Please wait a while and try again.',
  ],
  link_locked: [
    '失敗が続いたため、このLINEアカウントからはしばらく連携できません。時間をおいてお試しください。',
    'Too many failed attempts from this LINE account. Please try again later.',
  ],
  invalid_request: ['入力内容をご確認ください。', 'Please check what you entered.'],
}

export function formError(err: unknown): { ja: string; en: string; code: string } {
  const refusal = err instanceof ApiError ? refusalOf(err) : undefined
  if (refusal) return { ...refusal, code: (err as ApiError).code }
  if (err instanceof ApiError && MESSAGES[err.code]) {
    const [ja, en] = MESSAGES[err.code]!
    return { ja, en, code: err.code }
  }
  const d = describeError(err)
  return { ja: d.ja, en: d.en, code: d.code }
}
