// Strings of the console's legal-pages screen, [Japanese, English], and its error codes in words (one language shown):
// legal-messages.json.

import type { PairTable } from '../../i18n/translate'
import data from './legal-messages.json'

export const legalMessages = data as unknown as PairTable<typeof data>

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
