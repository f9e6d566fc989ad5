// The integrations console page's strings as [Japanese, English] pairs, kept in texts.json.
import type { PairTable } from '../../i18n/translate'
import data from './texts.json'

export const integrationText = data as unknown as PairTable<typeof data>
