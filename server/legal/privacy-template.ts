// The default privacy policy (ja and en), filled from the shop's facts: complete under the APPI as it stands, so a
// shop that publishes it unchanged on day one has a lawful notice; the shop edits it to match what it really does.
import type { LegalBody, LegalContent } from '../domain/legal-document'
import type { ShopFacts } from './shop-facts'

/** "on request" wording: APPI art. 32 allows the operator's address and representative to be given on request. */
function operator(facts: ShopFacts, locale: 'ja' | 'en'): LegalBody['operator'] {
  const onRequest =
    locale === 'ja'
      ? 'お問い合わせ窓口へのご請求に応じて遅滞なくお知らせします'
      : 'given without delay on request to the contact below'
  return { name: facts.shopName, address: facts.store?.address || onRequest, representative: onRequest }
}

function contact(facts: ShopFacts, locale: 'ja' | 'en'): string {
  const store = facts.store
  const phone = store?.phone ? (locale === 'ja' ? `（電話 ${store.phone}）` : ` (phone ${store.phone})`) : ''
  return locale === 'ja'
    ? `${facts.shopName} 個人情報お問い合わせ窓口\nLINE公式アカウントのトーク、または店頭${store ? `（${store.name}）` : ''}${phone}でお受けします。`
    : `${facts.shopName}, personal information desk\nWrite to us in the chat of our LINE official account, or ask in store${store ? ` (${store.name})` : ''}${phone}.`
}

export function defaultPrivacyPolicy(facts: ShopFacts): LegalContent {
  const shop = facts.shopName
  const ja: LegalBody = {
    intro: `${shop}（以下「当店」）は、LINEを利用した会員サービス（以下「本サービス」）でお預かりする個人情報を、個人情報の保護に関する法律（個人情報保護法）その他の法令に従い、以下のとおり取り扱います。`,
    operator: operator(facts, 'ja'),
    contact: contact(facts, 'ja'),
    purposes: [
      '会員登録、ご本人の確認、LINEアカウントと会員情報の連携（ID連携）のため',
      '会員証の表示、ポイントの付与・利用・失効と会員ランクの管理のため',
      'ご予約の受付・確認とリマインドのご連絡のため',
      'ポイント残高や有効期限などのお知らせのため（設定画面で停止できます）',
      'ご同意いただいた場合に、キャンペーンなどのご案内をLINEでお送りするため',
      '不正利用の防止と、本サービスを安全に運営するため',
      'お問い合わせへの対応のため',
      '個人を特定できない形に集計した統計を作成し、サービスの改善に役立てるため',
    ],
    thirdParty: [
      '当店は、法令に基づく場合などを除き、あらかじめご本人の同意を得ないで個人データを第三者に提供しません。',
      '本サービスは、LINEヤフー株式会社が提供するLINEのプラットフォーム上で動作します。会員証の表示、メッセージの送信、リッチメニューの切り替えのため、LINEのユーザーID、お送りするメッセージの内容などが同社のサービスを通じて処理されます。LINEにおける情報の取扱いは、同社のプライバシーポリシー（https://line.me/ja/terms/policy/）によります。',
      '本サービスのサーバーとデータベースには、外国（米国など）の事業者のクラウドサービスを利用する場合があります。その事業者が個人データを取り扱わない契約のもとで保管のみに利用しており、第三者への提供にはあたりません。',
    ].join('\n\n'),
    disclosure: [
      '保有個人データの利用目的の通知、開示（第三者提供の記録の開示を含みます）、内容の訂正・追加・削除、利用の停止・消去、第三者への提供の停止のご請求は、上記のお問い合わせ窓口でお受けします。ご本人（または代理人）であることを確認したうえで、法令に従い遅滞なく対応します。',
      '登録内容の確認とデータのダウンロード、LINEアカウントの連携解除、退会（個人情報の消去）は、会員証の「設定」からいつでもご自身で行えます。',
    ].join('\n\n'),
    security: [
      '組織的・人的措置：個人情報の取扱いの責任者を定め、取り扱う従業者を限定し、従業者に必要な教育を行います。',
      '技術的措置：通信はすべて暗号化（HTTPS）します。管理画面とスタッフ画面は招待されたスタッフのLINEログインでのみ利用でき、会員情報の閲覧・変更は操作ログに記録します。会員証のQRコードは署名付きで約1分ごとに更新され、一度しか使えません。',
      '外的環境の把握：外国の事業者のクラウドサービスを利用する場合は、その国の個人情報の保護に関する制度を把握したうえで安全管理措置を講じます。',
    ].join('\n'),
    retention:
      '会員情報は退会まで保存します。退会すると、氏名・フリガナ・生年月日・電話番号・都道府県・PINを消去します。ポイントの履歴は会計の記録として、お名前を含まない形で保存します。',
    sections: [
      {
        heading: '本ポリシーの変更',
        body: '本ポリシーを変更するときは、変更後の内容と効力発生日を本サービス上でお知らせします。重要な変更の場合は、あらためて同意をお願いします。',
      },
    ],
  }
  const en: LegalBody = {
    intro: `${shop} ("we") handles the personal information entrusted to us through our LINE membership service ("the service") as follows, in accordance with Japan's Act on the Protection of Personal Information (APPI) and other laws.`,
    operator: operator(facts, 'en'),
    contact: contact(facts, 'en'),
    purposes: [
      'To register you as a member, confirm who you are and link your LINE account to your membership',
      'To show your member card, and to award, redeem and expire points and manage your rank',
      'To take, confirm and remind you of reservations',
      'To tell you about your point balance and expiring points (you can stop these in the settings)',
      'With your consent, to send you campaigns and offers on LINE',
      'To prevent fraud and keep the service safe',
      'To answer your inquiries',
      'To compile statistics that identify no one, to improve the service',
    ],
    thirdParty: [
      'Except where the law allows it, we do not provide personal data to third parties without your prior consent.',
      'The service runs on the LINE platform of LY Corporation. To show your card, send messages and switch your rich menu, your LINE user ID and the content of the messages we send are processed through its services. LINE handles information under its own privacy policy (https://line.me/en/terms/policy/).',
      'Our server and database may use cloud services of companies abroad (for example in the United States). They only store the data under contracts that do not let them handle it, which is not a provision to a third party.',
    ].join('\n\n'),
    disclosure: [
      'To be told the purposes of use, to have your data disclosed (including records of provision to third parties), corrected, added to or deleted, or to have its use or provision to third parties stopped, contact the desk above. Once we have confirmed that you (or your agent) are the person concerned, we respond without delay as the law requires.',
      'You can see what you registered, download your data, unlink your LINE account and leave (erasing your personal information) at any time from the settings of your member card.',
    ].join('\n\n'),
    security: [
      'Organisation and people: a person is responsible for personal information, only the staff who need it handle it, and they are trained.',
      'Technical: all traffic is encrypted (HTTPS). The admin and staff screens are open only to invited staff signed in with LINE, and viewing or changing member data is logged. The member card QR code is signed, renewed about every minute and valid for one use.',
      'Foreign environment: where we use cloud services of companies abroad, we take security measures that account for the personal data protection rules of their country.',
    ].join('\n'),
    retention:
      'We keep your membership until you leave. When you leave, your name, reading, birthday, phone number, prefecture and PIN are erased. Your point history is kept without your name, as an accounting record.',
    sections: [
      {
        heading: 'Changes to this policy',
        body: 'When we change this policy we announce the new text and the date it takes effect in the service. For material changes we ask for your consent again.',
      },
    ],
  }
  return { ja, en }
}
