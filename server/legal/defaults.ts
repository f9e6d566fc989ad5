// The built-in text of each kind for a shop: what the public page shows before the shop publishes a version, and
// what a new draft starts from.
import type { LegalKind } from '../../db/schema'
import type { LegalContent } from '../domain/legal-document'
import { defaultPrivacyPolicy } from './privacy-template'
import type { ShopFacts } from './shop-facts'
import { defaultTerms } from './terms-template'

export function defaultLegalContent(kind: LegalKind, facts: ShopFacts): LegalContent {
  const privacy = defaultPrivacyPolicy(facts)
  return kind === 'privacy' ? privacy : defaultTerms(facts, privacy)
}
