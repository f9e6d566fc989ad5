// The console's words for every API error code it can meet; unknown codes get a general sentence with the code.

import type { MessagePair } from '../i18n/translate'

// Sentences that several codes share (the same refusal named two ways by different routes).
const tooMany: MessagePair = [
  '操作が集中しています。少し待ってからお試しください',
  'Too many requests. Wait a moment and try again',
]
const badInput: MessagePair = [
  '入力内容に誤りがあります。各項目を確認してください',
  'Some input is not valid. Check each field',
]
const noMember: MessagePair = ['この会員は見つかりません', 'No such member']
const noStore: MessagePair = ['この店舗は見つかりません', 'No such store']

export const adminErrorMessages: Record<string, MessagePair> = {
  date_invalid: ['日付が正しくありません', 'The date is not valid'],
  period_invalid: [
    '期間が正しくありません。開始日は終了日以前に、期間は366日以内にしてください',
    'The period is not valid: the start must not be after the end, and it may span at most 366 days',
  ],
  offline: ['ネットワークに接続できません。接続を確認してください', 'No network connection. Check your connection'],
  unauthorized: [
    'ログイン状態を確認できませんでした。開き直してください',
    'Your login could not be confirmed. Reopen the console',
  ],
  session_expired: [
    'しばらく操作がなかったため接続が切れました。再試行してください',
    'Your session timed out. Try again',
  ],
  forbidden: ['この操作は管理者だけが行えます', 'Only admins can do this'],
  role_required: ['この操作を行う権限がありません', 'You are not allowed to do this'],
  not_staff: ['スタッフとして登録されていません', 'You are not registered as staff'],
  too_many_requests: tooMany,
  rate_limited: tooMany,
  not_found: ['見つかりません', 'Not found'],
  invalid_request: badInput,
  bad_request: badInput,
  malformed_json: ['送信内容を読み取れませんでした', 'The request could not be read'],
  invalid_time_zone: [
    'タイムゾーンが正しくありません（例: Asia/Tokyo）',
    'That is not a time zone (for example Asia/Tokyo)',
  ],
  invalid_id: ['番号の形式が正しくありません', 'That id is not valid'],
  control_characters: ['使えない制御文字が含まれています', 'The text contains control characters'],
  text_too_long: ['文字数が多すぎます', 'The text is too long'],
  name_required: ['氏名を入力してください', 'Enter a name'],
  bad_range: ['期間の指定が正しくありません', 'That date range is not valid'],
  member_not_found: noMember,
  unknown_member: noMember,
  member_deleted: ['この会員は削除されています', 'This member has been deleted'],
  member_inactive: [
    'この会員は退会済みか利用停止中のため、クーポンを配布できません',
    'This membership is closed or suspended, so it cannot get a coupon',
  ],
  invalid_member_number: ['会員番号が正しくありません', 'That member number is not valid'],
  member_number_exhausted: ['発行できる会員番号がありません', 'No member numbers are left to issue'],
  birthday_locked: ['生年月日はすでに登録されています', 'The birthday is already set'],
  birthday_out_of_range: ['生年月日は1900年から今日までで入力してください', 'Enter a birthday between 1900 and today'],
  insufficient_points: ['ポイント残高が足りません', 'Not enough points'],
  no_points: ['ポイントが0のため調整できません', 'Zero points: nothing to adjust'],
  idempotency_key_reused: [
    '同じ操作が別の内容で送信されています。画面を開き直してください',
    'This request was already sent with other values. Reload the page',
  ],
  daily_earn_cap: ['1日の付与上限を超えます', 'This is over the daily earn cap'],
  invalid_redeem_unit: ['利用単位の倍数で入力してください', 'Use a multiple of the redeem unit'],
  not_linked: ['この会員はLINEと連携していません', 'This member is not linked to LINE'],
  line_already_linked: ['このLINEアカウントは別の会員と連携済みです', 'This LINE account is linked to another member'],
  member_already_linked: [
    'この会員は別のLINEアカウントと連携済みです',
    'This member is linked to another LINE account',
  ],
  line_unavailable: ['LINEに接続できません。時間をおいてお試しください', 'LINE cannot be reached. Try again later'],
  quota_exceeded: ['今月のメッセージ通数の上限に達しています', "This month's message limit is reached"],
  no_recipients: ['配信できる相手がいません', 'Nobody can receive this'],
  campaign_not_found: ['この配信は見つかりません', 'No such campaign'],
  coupon_not_found: ['このクーポンは見つからないか、配布を停止しています', 'No such coupon, or it is no longer active'],
  scenario_not_found: ['このシナリオは見つかりません', 'No such scenario'],
  field_not_found: ['この項目は見つかりません。開き直してください', 'No such field. Reload the page'],
  field_key_taken: ['このキーはすでに使われています', 'That key is already used'],
  field_choice_in_use: [
    'この選択肢を選んだ会員がいるため削除できません。「使わない」にしてください',
    'Members chose this option, so it cannot be deleted. Archive it instead',
  ],
  field_unknown: ['この項目は使われていません。開き直してください', 'This field is no longer in use. Reload the page'],
  field_value_invalid: ['回答の形式が正しくありません', 'That answer is not valid'],
  field_choice_invalid: ['選べない選択肢です', 'That option cannot be chosen'],
  field_date_invalid: ['日付をご確認ください（1900〜2100年）', 'Check the date (1900 to 2100)'],
  field_text_too_long: ['回答は100文字以内で入力してください', 'Answers can be at most 100 characters'],
  field_required: ['必須の項目です', 'This field is required'],
  campaign_not_editable: ['送信を始めた配信は編集できません', 'A campaign that has started sending cannot be edited'],
  campaign_not_sendable: ['この配信は送信できる状態ではありません', 'This campaign cannot be sent now'],
  campaign_not_cancellable: ['この配信は中止できません', 'This campaign cannot be cancelled'],
  schedule_in_past: [
    '配信日時が過ぎています。これからの日時を選んでください',
    'That time has passed. Choose a later time',
  ],
  unknown_placeholder: ['使えない差し込みがあります', 'The message uses an unknown placeholder'],
  reservation_not_found: ['この予約は見つかりません', 'No such reservation'],
  store_not_found: noStore,
  unknown_store: noStore,
  store_required: ['店舗を選んでください', 'Choose a store'],
  store_code_taken: ['この店舗コードは使われています', 'That store code is taken'],
  other_store: ['別の店舗の記録です', 'This belongs to another store'],
  staff_not_found: ['このスタッフは見つかりません', 'No such staff member'],
  already_staff: ['すでにスタッフとして登録されています', 'Already registered as staff'],
  cannot_change_own_role: ['自分の権限は変更できません', 'You cannot change your own role'],
  cannot_deactivate_self: ['自分自身は無効化できません', 'You cannot deactivate yourself'],
  invite_not_found: ['この招待コードは見つかりません', 'No such invite code'],
  invite_used: ['この招待コードはすでに使われています', 'This invite code has already been used'],
  invite_expired: ['この招待コードは期限切れです', 'This invite code has expired'],
  invite_refused: ['この招待は受け付けられません', 'This invite cannot be accepted'],
  entry_not_found: ['この取引は見つかりません', 'No such transaction'],
  already_reversed: ['この取引はすでに取り消されています', 'This transaction is already reversed'],
  not_reversible: ['この取引は取り消せません', 'This transaction cannot be reversed'],
  csv_invalid: ['CSVの内容に誤りがあります', 'The CSV has errors'],
  csv_malformed: ['CSVの形式が正しくありません（引用符など）', 'The CSV is malformed (quotes or similar)'],
  empty_file: ['ファイルが空です', 'The file is empty'],
  unsupported_media_type: ['この形式のファイルは取り込めません', 'This file type cannot be imported'],
  payload_too_large: ['ファイルが大きすぎます', 'The file is too large'],
  legal_content_missing: ['本文を入力してください', 'Enter the text'],
  legal_draft_missing: ['下書きがありません', 'There is no draft'],
  legal_draft_changed: [
    '下書きが別の画面で変更されました。開き直してください',
    'The draft changed elsewhere. Reload it',
  ],
  legal_incomplete: ['必要な項目が足りません', 'Required items are missing'],
  legal_url_invalid: ['URLはhttpsで入力してください', 'Enter an https URL'],
  api_key_not_found: ['このAPIキーは見つかりません', 'No such API key'],
  webhook_event_not_found: ['このイベントは見つかりません', 'No such event'],
  webhook_event_not_retryable: ['このイベントは再試行できません', 'This event cannot be retried'],
  webhook_forward_not_found: ['この転送は見つかりません', 'No such forward'],
  webhook_forward_not_retryable: ['この転送は再試行できません', 'This forward cannot be retried'],
  webhook_url_invalid: [
    'このURLには送信できません。https の公開URLを入力してください（社内ネットワークやこのサーバー自身のアドレス、ユーザー名・パスワード付き、500文字を超えるURLは使えません）',
    'Events cannot be sent to this URL. Enter a public https URL (no private or loopback address, no user name or password, at most 500 characters)',
  ],
  webhook_endpoints_too_many: [
    '送信先はこれ以上追加できません（最大10件）',
    'No more endpoints can be added (at most 10)',
  ],
  webhook_endpoint_not_found: ['この送信先は見つかりません', 'No such endpoint'],
  webhook_delivery_not_found: ['この送信は見つかりません', 'No such delivery'],
  webhook_delivery_not_retryable: [
    'この送信は再送できません（停止したものだけ再送できます）',
    'Only dead deliveries can be sent again',
  ],
  write_refused: ['保存できませんでした。もう一度お試しください', 'It could not be saved. Try again'],
  conflict: ['別の操作と重なりました。開き直してください', 'This clashed with another change. Reload and try again'],
  internal: [
    'サーバーで問題が発生しました。時間をおいてお試しください',
    'Something went wrong on the server. Try again later',
  ],
}

/** Said when a code has no words of its own. */
export const unknownError: MessagePair = [
  '操作を完了できませんでした（エラーコード: {code}）',
  'That could not be done (error code: {code})',
]
