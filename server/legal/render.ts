// A terms or privacy version as an HTML page in one language. Every value is text escaped by hono's `html`; line
// breaks become <br> and blank lines paragraphs, nothing else of the shop's text is interpreted.
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { LegalKind } from '../../db/schema'
import type { ShopSettings } from '../data/settings'
import type { LegalBody } from '../domain/legal-document'
import { localParts } from '../domain/time-zone'

export type Locale = 'ja' | 'en'

const words = {
  ja: {
    terms: '利用規約',
    privacy: 'プライバシーポリシー',
    operator: '事業者の名称・住所・代表者',
    name: '名称',
    address: '住所',
    representative: '代表者',
    purposes: '利用目的',
    thirdParty: '第三者提供',
    security: '安全管理措置',
    retention: '保存期間',
    disclosure: '開示等の請求手続',
    contact: 'お問い合わせ窓口',
    other: 'English',
    notCurrent: 'これは過去の版です。現在の版をご覧ください。',
  },
  en: {
    terms: 'Terms of use',
    privacy: 'Privacy policy',
    operator: 'Operator, address and representative',
    name: 'Name',
    address: 'Address',
    representative: 'Representative',
    purposes: 'Purposes of use',
    thirdParty: 'Provision to third parties',
    security: 'Security measures',
    retention: 'Retention',
    disclosure: 'Requests for disclosure, correction and deletion',
    contact: 'Contact for inquiries',
    other: '日本語で読む',
    notCurrent: 'This is an earlier version. See the current version.',
  },
} as const

export const legalTitle = (kind: LegalKind, locale: Locale) => words[locale][kind]

const style = raw(`<style>
h2{font-size:16px;margin:26px 0 8px}dt{font-weight:600;font-size:14px}dd{margin:0 0 8px;font-size:14px}
li{font-size:14px;line-height:1.7}
</style>`)

/** Paragraphs at blank lines, <br> at single line breaks; all of it escaped text. */
function prose(text: string) {
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? line : [html`<br />`, line]))}</p>`)
}

/** The retention windows of the shop settings, as the daily prune applies them (server/data/retention.ts). */
export function retentionWindows(r: ShopSettings['retention'], locale: Locale): string {
  return locale === 'ja'
    ? `保存期間：送信したメッセージは${r.deliveriesDays}日、LINEから受け取ったイベントは${r.webhookEventsDays}日、会員証の読み取り記録は${r.cardScansDays}日、会員連携の試行記録は${r.linkAttemptsDays}日、連携用の一時コードは${r.accountLinkNoncesDays}日、スタッフ招待は${r.staffInvitesDays}日、ポイント利用の承認コードは${r.redeemApprovalsDays}日（使用または期限切れから）、ECサイトの使い終わったカートは${r.cartsDays}日を過ぎると削除します。退会すると、LINEの表示名・プロフィール画像と過去のメッセージの本文、カート・お気に入り商品・タグも削除し、注文の記録からお名前とLINEアカウントを外します。`
    : `Retention: messages sent to you are deleted after ${r.deliveriesDays} days, events received from LINE after ${r.webhookEventsDays} days, card scans after ${r.cardScansDays} days, link attempts after ${r.linkAttemptsDays} days, one-time link codes after ${r.accountLinkNoncesDays} days, staff invites after ${r.staffInvitesDays} days and redeem approvals after ${r.redeemApprovalsDays} days (from their use or expiry), and finished EC carts after ${r.cartsDays} days. When you leave, your LINE display name, profile picture, the text of past messages, your carts, saved items and tags are deleted too, and your orders no longer name you or your LINE account.`
}

export interface RenderedVersion {
  kind: LegalKind
  locale: Locale
  body: LegalBody
  /** "1", "2", ... or the built-in default's label. */
  versionLabel: string
  publishedAt: Date | null
  timeZone: string
  retention: ShopSettings['retention']
  /** Where the current version is, when this one is not it. */
  currentPath?: string
  /** The same page in the other language, when the version has it. */
  otherLanguagePath?: string
}

function versionLine(v: RenderedVersion) {
  const numbered = /^\d+$/.test(v.versionLabel)
  const date = v.publishedAt ? localParts(v.publishedAt, v.timeZone).date : null
  if (v.locale === 'ja')
    return `${numbered ? `第${v.versionLabel}版` : `版 ${v.versionLabel}`}${date ? ` · ${date} 施行` : ''}`
  return `Version ${v.versionLabel}${date ? ` · effective ${date}` : ''}`
}

function section(title: string, content: unknown) {
  return html`<section>
    <h2>${title}</h2>
    ${content}
  </section>`
}

/** The page's main content: title, version and effective date, then the items of the kind. */
export function renderLegalBody(v: RenderedVersion): HtmlEscapedString | Promise<HtmlEscapedString> {
  const w = words[v.locale]
  const b = v.body
  const operator = section(
    w.operator,
    html`<dl>
      <dt>${w.name}</dt>
      <dd>${b.operator.name}</dd>
      ${b.operator.address
        ? html`<dt>${w.address}</dt>
            <dd>${b.operator.address}</dd>`
        : ''}
      ${b.operator.representative
        ? html`<dt>${w.representative}</dt>
            <dd>${b.operator.representative}</dd>`
        : ''}
    </dl>`,
  )
  const contact = section(w.contact, prose(b.contact))
  const extra = b.sections.map((s) => section(s.heading, prose(s.body)))
  const items =
    v.kind === 'privacy'
      ? [
          operator,
          section(
            w.purposes,
            html`<ol>
              ${b.purposes.map((p) => html`<li>${p}</li>`)}
            </ol>`,
          ),
          section(w.thirdParty, prose(b.thirdParty)),
          section(w.security, prose(b.security)),
          section(w.retention, [
            prose(b.retention),
            html`<p data-testid="retention-windows">${retentionWindows(v.retention, v.locale)}</p>`,
          ]),
          section(w.disclosure, prose(b.disclosure)),
          contact,
          extra,
        ]
      : [extra, operator, contact]
  return html`${style}
    <h1>${w[v.kind]}<span class="sub" data-testid="legal-version">${versionLine(v)}</span></h1>
    ${v.otherLanguagePath
      ? html`<p class="hint">
          <a href="${v.otherLanguagePath}" lang="${v.locale === 'ja' ? 'en' : 'ja'}">${w.other}</a>
        </p>`
      : ''}
    ${v.currentPath ? html`<p class="error" role="note"><a href="${v.currentPath}">${w.notCurrent}</a></p>` : ''}
    ${prose(b.intro)} ${items}`
}
