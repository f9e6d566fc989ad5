// Strings of the console's legal-pages screen, [Japanese, English], and its error codes in words (one language shown).

import type { MessagePair } from '../../i18n/translate'

export const legalMessages = {
  title: ['規約・プライバシーポリシー', 'Terms & privacy'],
  terms: ['利用規約', 'Terms of use'],
  privacy: ['プライバシーポリシー', 'Privacy policy'],
  current: ['公開中：第{version}版（{date} 施行）', 'Published: version {version} (effective {date})'],
  version: ['第{version}版（{date} 施行）', 'Version {version} (effective {date})'],
  reconsent: ['再同意を求めた版', 'asked members to agree again'],
  unpublished: [
    '未公開です。お客さまには既定の文面（店舗の設定から作成）が表示されています。',
    'Not published yet: customers see the default text, made from the shop settings.',
  ],
  history: ['公開履歴', 'Published versions'],
  view: ['表示', 'View'],
  draftSaved: ['下書き（{date} 保存）', 'Draft (saved {date})'],
  noDraft: ['下書きはありません', 'No draft'],
  mode: ['掲載方法', 'How to publish'],
  modeText: ['この画面で文面を作成する', 'Write the text here'],
  modeUrl: ['自社サイトのページを使う', 'Use a page on the shop’s own site'],
  url: ['ページのURL（https://）', 'Page URL (https://)'],
  language: ['編集する言語', 'Language to edit'],
  includeEnglish: ['英語版を掲載する', 'Publish an English version'],
  intro: ['前文', 'Introduction'],
  operatorName: ['事業者の名称', 'Operator name'],
  operatorAddress: ['住所', 'Address'],
  operatorRepresentative: ['代表者', 'Representative'],
  contact: ['お問い合わせ窓口', 'Contact for inquiries'],
  purposes: ['利用目的（1行に1つ）', 'Purposes of use (one per line)'],
  thirdParty: [
    '第三者提供（LINEヤフー株式会社への提供を含む）',
    'Provision to third parties (including LY Corporation)',
  ],
  security: ['安全管理措置', 'Security measures'],
  retention: ['保存期間', 'Retention'],
  retentionNote: [
    '設定画面の保存期間は、公開ページに自動で記載されます。',
    'The retention windows of the settings are stated on the page automatically.',
  ],
  disclosure: ['開示等の請求手続', 'Requests for disclosure, correction and deletion'],
  sections: ['条項・その他の項目', 'Articles and other sections'],
  heading: ['見出し', 'Heading'],
  body: ['本文', 'Text'],
  addSection: ['項目を追加', 'Add a section'],
  remove: ['削除', 'Remove'],
  fromTemplate: ['既定の文面から作り直す', 'Start again from the default text'],
  save: ['下書きを保存', 'Save draft'],
  saved: ['下書きを保存しました', 'Draft saved'],
  preview: ['プレビュー', 'Preview'],
  discard: ['下書きを破棄', 'Discard draft'],
  discarded: ['下書きを破棄しました', 'Draft discarded'],
  material: [
    '重要な変更として公開する（会員に再度の同意を求めます）',
    'Publish as a material change (members are asked to agree again)',
  ],
  publish: ['公開する', 'Publish'],
  published: ['第{version}版を公開しました', 'Published version {version}'],
  missing: ['公開に必要な項目が未入力です：{items}', 'Required items are missing: {items}'],
  'error.legal_incomplete': ['公開に必要な項目が未入力です。', 'Some required items are missing.'],
  'error.legal_url_invalid': [
    'URLは https:// から始まる完全な形で入力してください。',
    'Enter the full address, starting with https://.',
  ],
  'error.legal_content_missing': ['文面かURLを入力してください。', 'Enter the text or a page address.'],
  'error.legal_draft_changed': [
    '他の管理者が下書きを更新しました。再読み込みしてから編集し直してください。',
    'Another admin changed the draft. Reload it and make your edits again.',
  ],
  'error.legal_draft_missing': ['下書きがありません。先に保存してください。', 'There is no draft: save one first.'],
  'error.control_characters': [
    '入力に使えない文字（制御文字など）が含まれています。',
    'The text contains a character that cannot be used (a control or invisible character).',
  ],
  'error.invalid_request': ['入力内容をご確認ください。', 'Please check what you entered.'],
  'error.other': ['保存できませんでした。もう一度お試しください。', 'Could not save. Please try again.'],
} satisfies Record<string, MessagePair>

export type LegalMessageKey = keyof typeof legalMessages

/** Field paths of `missing` (`ja.operator.name`) as the labels above. */
export const fieldLabels: Record<string, LegalMessageKey> = {
  'operator.name': 'operatorName',
  'operator.address': 'operatorAddress',
  'operator.representative': 'operatorRepresentative',
  contact: 'contact',
  purposes: 'purposes',
  thirdParty: 'thirdParty',
  disclosure: 'disclosure',
  security: 'security',
  sections: 'sections',
}
