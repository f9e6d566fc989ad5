// The default terms of use (ja and en), filled from the shop's facts and point rules at the time the draft is made.
import type { LegalBody, LegalContent } from '../domain/legal-document'
import type { ShopFacts } from './shop-facts'

/** One language of the terms: its intro and sections, with the operator and contact of the privacy policy. */
const termsBody = (intro: string, privacy: LegalBody, sections: LegalBody['sections']): LegalBody => ({
  intro,
  operator: { ...privacy.operator },
  contact: privacy.contact,
  purposes: [],
  thirdParty: '',
  disclosure: '',
  security: '',
  retention: '',
  sections,
})

export function defaultTerms(facts: ShopFacts, privacy: { ja: LegalBody; en: LegalBody | null }): LegalContent {
  const shop = facts.shopName
  const { validityDays, redeemUnit } = facts.settings.points
  const ja = termsBody(
    `この規約（以下「本規約」）は、${shop}（以下「当店」）がLINEを利用して提供するポイント会員サービス（以下「本サービス」）の利用条件を定めるものです。`,
    privacy.ja,
    [
      {
        heading: '第1条（適用と同意）',
        body: '本規約は、本サービスを利用するすべての会員に適用されます。会員登録の際に本規約とプライバシーポリシーに同意いただいた方を会員とします。',
      },
      {
        heading: '第2条（会員登録）',
        body: '会員登録はご本人のLINEアカウントで行い、登録内容は正確にご入力ください。ひとつのLINEアカウントと連携できる会員証はひとつです。',
      },
      {
        heading: '第3条（ポイント）',
        body: `ポイントは、お買い上げ金額と会員ランクに応じて付与します。ポイントの有効期限は付与日から${validityDays}日で、期限を過ぎたポイントは失効します。ポイントは${redeemUnit}ポイント単位で利用でき、現金との交換、他の会員への譲渡はできません。`,
      },
      {
        heading: '第4条（会員証）',
        body: '会員証のQRコードは約1分ごとに更新され、一度だけ使えます。会員証を他人に使わせることはできません。',
      },
      {
        heading: '第5条（禁止事項）',
        body: '不正な手段によるポイントの取得、他人へのなりすまし、本サービスの運営を妨げる行為、法令または公序良俗に反する行為を禁止します。違反があった場合、当店はポイントの取消しや会員資格の停止を行うことがあります。',
      },
      {
        heading: '第6条（退会）',
        body: '会員は、会員証の「設定」からいつでも退会できます。退会すると、保有するポイントは失効します。',
      },
      {
        heading: '第7条（サービスの変更・停止）',
        body: '当店は、システムの保守、LINEのサービスの停止その他やむを得ない事由により、本サービスの全部または一部を変更・停止することがあります。',
      },
      {
        heading: '第8条（免責）',
        body: '当店は、当店の故意または重大な過失による場合を除き、本サービスの利用によって会員に生じた損害について責任を負いません。ただし、消費者契約法その他の法令により当店の責任が認められる場合はこの限りではありません。',
      },
      {
        heading: '第9条（規約の変更）',
        body: '当店は、民法第548条の4の規定に基づき本規約を変更することがあります。変更するときは、変更後の内容と効力発生日を本サービス上でお知らせし、重要な変更の場合はあらためて同意をお願いします。',
      },
      {
        heading: '第10条（準拠法・管轄）',
        body: '本規約は日本法に準拠し、本サービスに関する紛争は、当店の所在地を管轄する地方裁判所を第一審の専属的合意管轄裁判所とします。',
      },
    ],
  )
  const en = termsBody(
    `These terms ("the terms") set out the conditions of the points membership ("the service") that ${shop} ("we") provides through LINE. The Japanese text is binding; this English text is for convenience.`,
    privacy.en ?? privacy.ja,
    [
      {
        heading: '1. Scope and consent',
        body: 'The terms apply to every member. You become a member by agreeing to the terms and the privacy policy when you register.',
      },
      {
        heading: '2. Registration',
        body: 'Register with your own LINE account and enter accurate details. One LINE account can be linked to one membership.',
      },
      {
        heading: '3. Points',
        body: `Points are awarded according to the amount of your purchase and your rank. They are valid for ${validityDays} days from the day they are awarded and expire after that. Points are redeemed in units of ${redeemUnit}; they cannot be exchanged for cash or transferred to another member.`,
      },
      {
        heading: '4. Member card',
        body: 'The QR code of your member card is renewed about every minute and can be used once. Do not let anyone else use your card.',
      },
      {
        heading: '5. Prohibited conduct',
        body: 'Obtaining points by fraud, impersonating another person, disrupting the service, and anything against the law or public order are prohibited. We may cancel points or suspend a membership that breaks these rules.',
      },
      {
        heading: '6. Leaving',
        body: 'You can leave at any time from the settings of your member card. Points you hold are forfeited when you leave.',
      },
      {
        heading: '7. Changes to and suspension of the service',
        body: 'We may change or suspend all or part of the service for maintenance, an outage of LINE, or other unavoidable reasons.',
      },
      {
        heading: '8. Liability',
        body: 'Except for our intent or gross negligence, we are not liable for damage arising from the use of the service, unless the Consumer Contract Act or another law makes us liable.',
      },
      {
        heading: '9. Changes to the terms',
        body: 'We may change the terms under article 548-4 of the Civil Code. We announce the new text and the date it takes effect in the service, and ask for your consent again for material changes.',
      },
      {
        heading: '10. Governing law and jurisdiction',
        body: 'The terms are governed by Japanese law. The district court for the place of our business has exclusive jurisdiction in the first instance.',
      },
    ],
  )
  return { ja, en }
}
