// The text of a terms-of-use or privacy-policy version: its shape (with the items a Japanese privacy notice needs
// under the APPI, 個人情報保護法), and what a version must hold before it can be published.
import { z } from 'zod'
import type { LegalKind } from './legal-kinds'
import { multiLine, singleLine } from './free-text'

const line = (max: number) => singleLine(z.string().trim().max(max))
const text = (max: number) => multiLine(z.string().trim().max(max))

/** One language's text. Terms use `intro`, `operator`, `contact` and `sections`; a privacy policy uses them all. */
export const LegalBody = z
  .object({
    intro: text(4000).default(''),
    /** 事業者の名称・住所・代表者 (APPI art. 32). */
    operator: z.object({ name: line(200), address: line(300), representative: line(200) }),
    /** お問い合わせ窓口: where requests and complaints go. */
    contact: text(1000),
    /** 利用目的, one per line item. */
    purposes: z.array(line(300)).max(30).default([]),
    /** 第三者提供, including what the LINE platform (LY Corporation) receives. */
    thirdParty: text(6000).default(''),
    /** 開示等の請求手続: disclosure, correction, deletion, stopping use. */
    disclosure: text(4000).default(''),
    /** 安全管理措置. */
    security: text(4000).default(''),
    /** 保存期間, besides the windows of the shop settings, which the page states from the settings themselves. */
    retention: text(2000).default(''),
    sections: z
      .array(z.object({ heading: line(100), body: text(8000) }))
      .max(40)
      .default([]),
  })
  .meta({ id: 'LegalBody' })

export type LegalBody = z.infer<typeof LegalBody>

/** Japanese is the binding text; English, when given, is shown to customers who read English. */
export const LegalContent = z.object({ ja: LegalBody, en: LegalBody.nullable() }).meta({ id: 'LegalContent' })
export type LegalContent = z.infer<typeof LegalContent>

/** Fields a version of `kind` must fill in (in every language it has) before it is published. */
const required: Record<LegalKind, (body: LegalBody) => Record<string, boolean>> = {
  terms: (b) => ({
    'operator.name': b.operator.name !== '',
    contact: b.contact !== '',
    sections: b.sections.length > 0 && b.sections.every((s) => s.heading !== '' && s.body !== ''),
  }),
  privacy: (b) => ({
    'operator.name': b.operator.name !== '',
    'operator.address': b.operator.address !== '',
    'operator.representative': b.operator.representative !== '',
    contact: b.contact !== '',
    purposes: b.purposes.length > 0 && b.purposes.every((p) => p !== ''),
    thirdParty: b.thirdParty !== '',
    disclosure: b.disclosure !== '',
    security: b.security !== '',
  }),
}

/** The paths (`ja.operator.name`, `en.purposes`) a version still lacks; empty when it can be published. */
export function missingItems(kind: LegalKind, content: LegalContent): string[] {
  const missing: string[] = []
  for (const locale of ['ja', 'en'] as const) {
    const body = content[locale]
    if (!body) continue
    for (const [path, present] of Object.entries(required[kind](body))) if (!present) missing.push(`${locale}.${path}`)
  }
  return missing
}

/** An external policy page must be an absolute https URL (LINE's in-app browser and the CSP allow nothing else). */
export function isExternalPolicyUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}
