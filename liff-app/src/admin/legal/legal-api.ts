// Types of the console's legal-pages API (server/routes/admin/legal.ts).

export interface LegalBody {
  intro: string
  operator: { name: string; address: string; representative: string }
  contact: string
  purposes: string[]
  thirdParty: string
  disclosure: string
  security: string
  retention: string
  sections: { heading: string; body: string }[]
}

export interface LegalContent {
  ja: LegalBody
  en: LegalBody | null
}

export interface PublishedVersion {
  version: number
  publishedAt: string
  publishedBy: string
  requiresReconsent: boolean
  externalUrl: string | null
}

export interface LegalView {
  kind: 'terms' | 'privacy'
  current: (PublishedVersion & { content: LegalContent | null }) | null
  draft: {
    revision: number
    content: LegalContent | null
    externalUrl: string | null
    updatedAt: string
    missing: string[]
  } | null
  versions: PublishedVersion[]
  template: LegalContent
}
