// The welcome and birthday page's strings as [Japanese, English] pairs.
import type { MessagePair } from '../../i18n/translate'

export const automationText = {
  title: ['あいさつ・誕生日', 'Welcome & birthday'],
  save: ['保存', 'Save'],
  saved: ['保存しました', 'Saved'],
  textIn: ['{label}（{lang}）', '{label}: {lang}'],
  greeting: ['友だち追加のあいさつ', 'Greeting on follow'],
  greetingHelp: [
    '友だち追加・ブロック解除のときに応答メッセージで送ります（無料）。会員証のリンクは本文の後に自動で付きます。別のボットとアカウントを共有している場合は、そちらのあいさつを優先して送りません。',
    'Replied when someone adds or unblocks the account (free). The member card link is added after the text. When another bot shares the account, its greeting goes instead.',
  ],
  nameHint: ['は会員のお名前に置き換わります。', 'is replaced by the member’s name.'],
  'case.newFriend': ['新しい友だち（会員登録・連携のご案内）', 'New friend (invite to register or link)'],
  'case.returning': ['ブロック解除した友だち（未会員）', 'Unblocked friend (not a member)'],
  'case.member': ['会員の友だち（おかえりなさい）', 'Friend who is a member (welcome back)'],
  birthday: ['誕生日メッセージ', 'Birthday message'],
  birthdayHelp: [
    '会員ごとに年1回、配信停止時間帯を避けて送ります。マーケティングメッセージに同意し、友だち登録中の会員だけが対象です。',
    'Sent once a year per member, outside quiet hours, to members who are friends and accept marketing messages.',
  ],
  when: ['送るタイミング', 'When'],
  'when.month': ['誕生月の1日から', 'From the 1st of the birthday month'],
  'when.days': ['誕生日の前から', 'Days before the birthday'],
  daysBefore: ['何日前から（0〜30）', 'Days before (0–30)'],
  enabled: ['送る', 'Send'],
  ja: ['日本語', 'Japanese'],
  en: ['英語', 'English'],
  rules: ['クーポンの自動発行', 'Coupons issued automatically'],
  rulesHelp: [
    '会員登録・誕生日・ランクアップのときに、選んだクーポンを1回だけ発行します（有効なクーポンの上限内で）。',
    'Issues the chosen coupon once on registration, with the birthday message, or on reaching a rank (within the coupon’s limits).',
  ],
  welcomeCoupon: ['会員登録のとき', 'On registration'],
  birthdayCoupon: ['誕生日メッセージと一緒に', 'With the birthday message'],
  rankUp: ['ランクアップのとき', 'On reaching a rank'],
  rank: ['ランク', 'Rank'],
  coupon: ['クーポン', 'Coupon'],
  none: ['発行しない', 'None'],
  addRank: ['ランクを追加', 'Add a rank'],
  remove: ['削除', 'Remove'],
} satisfies Record<string, MessagePair>
