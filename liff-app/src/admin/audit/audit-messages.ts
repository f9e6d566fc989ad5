// The audit log in words: one sentence per action kind ({actor} did … to {target}), as [Japanese, English] pairs
// in audit-messages.json (the filter's actions, the sentences, and the words for who and what).

import type { MessagePair, PairTables } from '../../i18n/translate'
import data from './audit-messages.json'

const tables = data as unknown as PairTables<typeof data>

/** Actions the filter offers, in the order shown; a key ending in `.` selects every action with that prefix. */
export const auditActions: Record<string, MessagePair> = tables.auditActions

/** Sentences by exact action; `{actor}`, `{target}` and the detail's facts are filled in. */
export const auditSentences: Record<string, MessagePair> = tables.auditSentences

export const auditWords = tables.auditWords
