// The trigger templates console page's strings as [Japanese, English] pairs, kept in texts.json
// (the page's words, and each trigger kind's name).
import type { MessagePair, PairTables } from '../../i18n/translate'
import type { TriggerKind } from '../../../../server/domain/triggers/kinds'
import data from './texts.json'

const tables = data as unknown as PairTables<typeof data>

export const templateText = tables.templateText

export const kindText: Record<TriggerKind, MessagePair> = tables.kindText
