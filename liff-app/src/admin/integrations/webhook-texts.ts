// The outgoing-webhooks panel's strings as [Japanese, English] pairs (webhook-texts.json), loaded with the integrations page only.
import type { OutgoingEventType } from '../../../../server/domain/outgoing-webhook'
import type { MessagePair, PairTables } from '../../i18n/translate'
import data from './webhook-texts.json'

const tables = data as unknown as PairTables<typeof data>

export const webhookText = tables.webhookText

export const webhookEventText: Record<OutgoingEventType, MessagePair> = tables.webhookEventText
