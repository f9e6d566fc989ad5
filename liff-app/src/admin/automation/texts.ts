// The welcome and birthday page's strings as [Japanese, English] pairs, kept in texts.json.
import type { PairTable } from '../../i18n/translate'
import data from './texts.json'

export const automationText = data as unknown as PairTable<typeof data>
