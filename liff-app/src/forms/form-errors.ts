// Plain-language messages for the link / register / settings / staff join forms, by the server's error code.

import { refusalText } from '../../../server/domain/wait-text'
import { ApiError } from '../api/http'
import { describeError } from '../errors/describe'

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
  invite_not_found: [
    '招待コードが正しくありません。新しいコードをもらってください。',
    'This invite code is not valid: ask for a new one.',
  ],
  invite_used: ['この招待コードは使用済みです。', 'This invite code has already been used.'],
  invite_expired: [
    '招待コードの有効期限が切れています。新しいコードをもらってください。',
    'This invite code has expired: ask for a new one.',
  ],
  invite_refused: [
    '招待コードを使えませんでした。もう一度お試しください。',
    'The invite could not be used. Please try again.',
  ],
  // Profile fields (registration and profile edits); the field itself shows the detail.
  text_too_long: [
    '入力が長すぎる項目があります。文字数をご確認ください。',
    'Some text is too long: check the number of characters.',
  ],
  name_required: ['お名前を入力してください。', 'Enter your name.'],
  kana_invalid: ['フリガナはカタカナまたはひらがなで入力してください。', 'Enter the reading in katakana or hiragana.'],
  phone_invalid: ['電話番号をご確認ください（例: 090-1234-5678）。', 'Check the phone number (e.g. 090-1234-5678).'],
  date_invalid: ['生年月日をご確認ください。', 'Check the birthday.'],
  birthday_out_of_range: [
    '生年月日は1900年1月1日から今日までの日付で入力してください。',
    'Enter a birthday from 1 January 1900 to today.',
  ],
  // Custom fields (registration, profile, questionnaire); the field itself shows which one.
  field_unknown: [
    'この質問は受付を終了しました。画面を開き直してください。',
    'This question is closed. Please reopen the page.',
  ],
  field_value_invalid: ['回答をご確認ください。', 'Please check your answer.'],
  field_choice_invalid: [
    'この選択肢は選べません。ほかの選択肢をお選びください。',
    'This option cannot be chosen. Please pick another.',
  ],
  field_date_invalid: ['日付をご確認ください。', 'Please check the date.'],
  field_text_too_long: ['回答は100文字以内で入力してください。', 'Please answer in 100 characters or fewer.'],
  field_required: ['必須の質問に回答してください。', 'Please answer the required questions.'],
  birthday_locked: [
    '生年月日は登録済みのため変更できません。訂正はお店にお申し付けください。',
    'Your birthday is already recorded and cannot be changed here. Please ask the shop to correct it.',
  ],
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
