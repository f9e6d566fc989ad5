// UI strings as [Japanese, English] pairs; `{name}` placeholders are filled by `translate`. The card's own strings
// are in card-messages.ts, so its first paint does not carry every page's text; routed-app.ts adds these.

import { cardMessages } from './card-messages'
import { format, type Locale, type MessageParams } from './translate'

export const pageMessages = {
  'notFound.title': ['ページが見つかりません', 'Page not found'],
  'notFound.back': ['会員証に戻る', 'Back to member card'],
  'staff.title': ['レジ', 'Checkout'],
  'staff.notStaff': ['このページは店舗スタッフ専用です', 'This page is for store staff only'],
  'staff.scan': ['QRコードを読み取る', 'Scan QR code'],
  'staff.stopCamera': ['カメラを止める', 'Stop camera'],
  'staff.codeLabel': ['会員番号またはコード', 'Member number or code'],
  'staff.lookup': ['確認', 'Look up'],
  'staff.balance': ['保有ポイント', 'Balance'],
  'staff.earnTitle': ['ポイント付与', 'Award points'],
  'staff.amount': ['お買い上げ金額（円）', 'Purchase amount (yen)'],
  'staff.earnRule': ['{rank}: 100円につき{rate}pt・端数{rounding}', '{rank}: {rate} pt per ¥100, fractions {rounding}'],
  'staff.rounding.floor': ['切り捨て', 'rounded down'],
  'staff.rounding.round': ['四捨五入', 'rounded'],
  'staff.rounding.ceil': ['切り上げ', 'rounded up'],
  'staff.earnPreview': ['付与 {points} pt', 'Awards {points} pt'],
  'staff.earnSubmit': ['付与する', 'Award'],
  'staff.redeemTitle': ['ポイント利用', 'Redeem points'],
  'staff.redeemPoints': ['利用ポイント（{unit}pt単位）', 'Points ({unit} pt steps)'],
  'staff.redeemSubmit': ['利用する', 'Redeem'],
  'staff.next': ['次のお客さま', 'Next customer'],
  'staff.retry': ['もう一度送信', 'Send again'],
  'staff.done.earn': ['{name}さまに{points}ptを付与しました', 'Awarded {points} pt to {name}'],
  'staff.done.redeem': ['{name}さまが{points}ptを利用しました', '{name} redeemed {points} pt'],
  'staff.done.reverse': ['取引を取り消しました（{name}さま）', 'Transaction reversed ({name})'],
  'staff.newBalance': ['新しい残高 {balance} pt', 'New balance {balance} pt'],
  'staff.recent': ['最近の取引', 'Recent transactions'],
  'staff.reverse': ['取消', 'Reverse'],
  'staff.reversed': ['取消済み', 'Reversed'],
  'staff.reason': ['取消の理由', 'Reason'],
  'staff.reverseSubmit': ['取り消す', 'Reverse'],
  'staff.error.already_reversed': ['この取引は取消済みです', 'This transaction has already been reversed'],
  'staff.error.not_reversible': [
    'この取引は取り消せません（取消・失効）',
    'This entry cannot be reversed (a reversal or expiry)',
  ],
  'staff.error.other_store': ['他店舗の取引は取り消せません', "Another store's transaction cannot be reversed here"],
  'staff.error.role_required': ['取消は店長または管理者のみ行えます', 'Only a manager or an admin can reverse'],
  'staff.error.entry_not_found': ['取引が見つかりません', 'No such transaction'],
  'staff.error.idempotency_key_reused': [
    '別の操作と重なりました。画面を開き直してやり直してください',
    'This clashed with another action: reopen the page and try again',
  ],
  'staff.error.write_refused': [
    '処理できませんでした。もう一度お試しください',
    'Could not be applied: please try again',
  ],
  'staff.error.validation_failed': ['入力内容を確認してください', 'Check what was entered'],
  'staff.error.unknown': ['処理できませんでした（{code}）', 'Could not be done ({code})'],
  'staff.tx.kind.earn': ['獲得', 'Earn'],
  'staff.tx.kind.redeem': ['利用', 'Redeem'],
  'staff.tx.kind.reverse': ['取消', 'Reversal'],
  'staff.tx.kind.adjust': ['調整', 'Adjustment'],
  'staff.tx.kind.expire': ['失効', 'Expiry'],
  'staff.tx.system': ['システム', 'System'],
  'staff.tx.shortfall': ['精算 {points} pt', 'Settled {points} pt'],
  'staff.reversal.done': ['{points} pt を取り消しました（{name}さま）', 'Took back {points} pt ({name})'],
  'staff.reversal.shortfall': [
    'ご利用済みの {points} pt は取り消せません。{yen}円をご返金額から差し引いてください',
    '{points} pt were already used and cannot be taken back: deduct ¥{yen} from the refund',
  ],
  'staff.reversal.expired': [
    '{points} pt は有効期限切れのため取消対象外です',
    '{points} pt had expired and are not taken back',
  ],
  'staff.error.card_expired': [
    'コードの有効期限切れです。会員証を開き直してもらってください',
    'Expired code: ask the customer to reopen their card',
  ],
  'staff.error.card_used': ['このコードは使用済みです', 'This code has already been used'],
  'staff.error.card_bad_signature': ['偽造または破損したコードです', 'Forged or damaged code'],
  'staff.error.card_malformed': ['会員証のコードではありません', 'Not a member card code'],
  'staff.error.member_not_found': ['会員が見つかりません', 'No such member'],
  'staff.error.invalid_member_number': ['会員番号が正しくありません', 'Invalid member number'],
  'staff.error.insufficient_points': ['ポイントが足りません', 'Not enough points'],
  'staff.error.daily_earn_cap': ['本日の付与上限に達しています', "Today's earn limit reached"],
  'staff.error.rate_limited': [
    '読み取りが続いたため、1分ほど待ってからお試しください',
    'Too many look-ups: wait a minute and try again',
  ],
  'staff.error.offline': ['通信できません。同じ内容で再送できます', 'Offline: you can send the same action again'],
  'staff.error.card_required': [
    '会員証のQRがないとポイントは利用できません。QRを読み取るか、店長の承認コードを入力してください',
    "Points can only be redeemed with the member's card QR: scan it, or enter a manager's approval code",
  ],
  'staff.error.approval_invalid': [
    '承認コードが違うか、期限切れ・使用済み・別の会員や金額のものです',
    'The approval code is wrong, expired, already used, or for another member or amount',
  ],
  'staff.error.card_revoked': [
    'この会員証は連携解除または退会により無効です',
    'This card is no longer valid: the membership was unlinked or deleted',
  ],
  'staff.approvalCode': ['店長の承認コード（6桁）', "Manager's approval code (6 digits)"],
  'staff.approveTitle': ['QRなしの利用を承認（店長）', 'Approve a redeem without the card (managers)'],
  'staff.approveMember': ['会員番号', 'Member number'],
  'staff.approvePoints': ['利用ポイント', 'Points to redeem'],
  'staff.approveSubmit': ['承認コードを発行', 'Issue approval code'],
  'staff.approvalIssued': [
    '{name}さま {points}pt の承認コード（{minutes}分間・1回限り）',
    'Approval code for {points} pt by {name} ({minutes} min, once)',
  ],
  'staffJoin.title': ['スタッフ登録', 'Join as staff'],
  'staffJoin.body': [
    '招待コードでこのLINEアカウントをスタッフとして登録します',
    'Register this LINE account as staff with the invite code',
  ],
  'staffJoin.submit': ['登録する', 'Join'],
  'staffJoin.done': ['スタッフとして登録しました', 'You are now registered as staff'],
  'staffJoin.open': ['レジを開く', 'Open checkout'],
  'link.title': ['会員証とLINEの連携', 'Link your membership'],
  'link.lead': [
    'お持ちの会員番号と、生年月日またはPINを入力してください。',
    'Enter your member number and your birthday or PIN.',
  ],
  'link.submit': ['連携する', 'Link'],
  'link.toRegister': ['会員証をお持ちでない方はこちら', 'No membership yet? Register'],
  'register.title': ['会員登録', 'Register'],
  'register.lead': ['登録後すぐに会員証をご利用いただけます。', 'Your member card is ready as soon as you register.'],
  'register.submit': ['同意して登録する', 'Accept and register'],
  'register.toLink': ['既に会員証をお持ちの方はこちら', 'Already a member? Link your card'],
  'register.addFriend': ['友だち追加してお知らせを受け取る', 'Add us as a friend for updates'],
  'accountLink.title': ['会員証と連携', 'Link your membership'],
  'accountLink.opening': ['会員ログイン画面を開いています…', 'Opening the member login…'],
  'settings.title': ['設定', 'Settings'],
  'settings.exportTitle': ['データのダウンロード', 'Download my data'],
  'settings.exportBody': [
    'お店が保有するあなたの会員情報をJSON形式でダウンロードします。',
    'Download everything the shop holds about you as JSON.',
  ],
  'settings.export': ['ダウンロード', 'Download'],
  'settings.unlinkTitle': ['LINE連携の解除', 'Unlink LINE'],
  'settings.unlinkBody': [
    '会員情報とポイントは残ります。再度連携すれば元に戻ります。',
    'Your membership and points stay; you can link again later.',
  ],
  'settings.unlink': ['連携を解除する', 'Unlink'],
  'settings.unlinkConfirm': ['本当に解除する', 'Yes, unlink'],
  'settings.deleteTitle': ['退会', 'Delete membership'],
  'settings.deleteBody': [
    '個人情報は削除され、保有ポイントは失効します。元に戻せません。',
    'Your personal data is erased and your points are forfeited. This cannot be undone.',
  ],
  'settings.delete': ['退会する', 'Delete membership'],
  'settings.deleteConfirm': ['ポイントを失効して退会する', 'Forfeit points and delete'],
  'settings.cancel': ['やめる', 'Cancel'],
  'about.body': [
    '{shop}のLINE会員証でポイントが貯まります。会員登録または会員証の連携から始めましょう。',
    'Earn points with the {shop} LINE member card. Start by registering or linking your membership.',
  ],
} satisfies Record<string, readonly [string, string]>

/** The whole catalogue. */
export const messages = { ...cardMessages, ...pageMessages }

export type MessageKey = keyof typeof messages

export function translate(key: MessageKey, locale: Locale, params: MessageParams = {}): string {
  return format(messages[key], locale, params)
}
