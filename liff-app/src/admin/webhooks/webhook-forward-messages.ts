// The webhook forwarding panel's strings as [Japanese, English] pairs (webhook-forward-messages.json), loaded with the webhooks page only.
import type { MessagePair, PairTables } from '../../i18n/translate'
import data from './webhook-forward-messages.json'

const tables = data as unknown as PairTables<typeof data>

export const forwardMessages = tables.forwardMessages

/**
 * Texts of the error codes the forwarding API answers, where they say more than the console's own (errorText);
 * `{url}` is the refused URL.
 */
export const forwardErrors: Record<string, MessagePair> = tables.forwardErrors
