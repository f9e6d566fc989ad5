// UI strings as [Japanese, English] pairs; `{name}` placeholders are filled by `translate`.

export const messages = {
  'app.loading': ['読み込み中…', 'Loading…'],
  'card.title': ['会員証', 'Member card'],
  'card.memberNumber': ['会員番号', 'Member No.'],
  'card.balance': ['保有ポイント', 'Points'],
  'card.expiring': ['{date}までに{points}ptが失効します', '{points} pt expire on {date}'],
  'card.qrHint': ['お会計時にこのコードをスタッフにお見せください', 'Show this code to staff at checkout'],
  'card.qrAlt': ['会員証QRコード', 'Member card QR code'],
  'card.countdown': ['有効期限まで あと{seconds}秒', 'Valid for {seconds}s'],
  'card.offline': ['オフライン: 有効期限まで表示しています', 'Offline: showing the code until it expires'],
  'card.unavailable': [
    '更新できません: 有効期限まで表示しています',
    'Cannot refresh: showing the code until it expires',
  ],
  'card.expired': ['コードの有効期限が切れました', 'This code has expired'],
  'card.retry': ['再読み込み', 'Reload'],
  'history.title': ['ポイント履歴', 'Point history'],
  'history.empty': ['まだポイントの履歴はありません', 'No point activity yet'],
  'history.kind.earn': ['獲得', 'Earned'],
  'history.kind.redeem': ['利用', 'Redeemed'],
  'history.kind.expire': ['失効', 'Expired'],
  'history.kind.adjust': ['調整', 'Adjusted'],
  'history.kind.reverse': ['取消', 'Reversed'],
  'reservations.title': ['ご予約', 'Reservations'],
  'reservations.empty': ['今後のご予約はありません', 'No upcoming reservations'],
  'reservations.party': ['{count}名', '{count} people'],
  'reservations.status.booked': ['予約済み', 'Booked'],
  'reservations.status.confirmed': ['確定', 'Confirmed'],
  'reservations.status.cancelled': ['キャンセル', 'Cancelled'],
  'reservations.status.visited': ['来店済み', 'Visited'],
  'reservations.status.no_show': ['未来店', 'No-show'],
  'notMember.title': ['まだ会員登録がありません', 'You are not a member yet'],
  'notMember.body': [
    '{shop}の会員証は、会員登録またはお持ちの会員番号とのLINE連携後にご利用いただけます。',
    'The {shop} member card becomes available once you register or link your existing membership to LINE.',
  ],
  'notMember.soon': [
    '登録・連携のご案内は、{shop}から順次お届けします。',
    '{shop} will send you the registration and linking steps.',
  ],
  'notMember.hello': ['{name}さん、こんにちは', 'Hello, {name}'],
  'error.title': ['表示できませんでした', 'Something went wrong'],
  'notFound.title': ['ページが見つかりません', 'Page not found'],
  'notFound.back': ['会員証に戻る', 'Back to member card'],
} satisfies Record<string, readonly [string, string]>

export type MessageKey = keyof typeof messages
