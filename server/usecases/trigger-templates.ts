// The admin's texts of the EC site's trigger messages: saving a kind's ja/en texts (row and audit entry in one batch,
// refused while they use a placeholder the kind does not know), and a test message of draft texts to the admin's own
// LINE account, through the outbox like every message.
import type { TriggerKind, TriggerTexts } from '../domain/triggers/kinds'
import { audit } from '../data/audit'
import { saveTriggerTexts } from '../data/commerce'
import { enqueueMessage } from '../data/outbox'
import type { MessageLocale } from '../domain/message-locale'
import { refuse, type Refusal } from '../domain/refusal'
import { sampleTriggerMessage } from '../domain/triggers/messages'
import { customerFallbackName, unknownTriggerPlaceholders } from '../domain/triggers/templates'
import type { UseCaseContext } from './context'

export type LocalizedTexts = Record<MessageLocale, TriggerTexts>

function unknownIn(kind: TriggerKind, texts: Partial<LocalizedTexts>): Refusal | null {
  const unknown = [...new Set(Object.values(texts).flatMap((t) => unknownTriggerPlaceholders(kind, t)))]
  return unknown.length
    ? refuse('unknown_placeholder', `Unknown placeholder: ${unknown.map((n) => `{${n}}`).join(', ')}`, { unknown })
    : null
}

export async function saveTriggerTemplate(
  ctx: UseCaseContext,
  input: { kind: TriggerKind; texts: LocalizedTexts; actor: string },
): Promise<{ ok: true } | Refusal> {
  const unknown = unknownIn(input.kind, input.texts)
  if (unknown) return unknown
  const now = ctx.clock()
  await ctx.db.batch([
    saveTriggerTexts(ctx.db, input.kind, input.texts, input.actor, now),
    audit(
      ctx.db,
      { actor: input.actor, action: 'trigger_template.updated', target: `trigger:${input.kind}`, detail: input.texts },
      now.getTime(),
    ),
  ])
  return { ok: true }
}

/** Queues the kind's sample message with `texts` (a draft) to `lineUserId`, the admin's own account. */
export async function sendTriggerTest(
  ctx: UseCaseContext,
  input: { kind: TriggerKind; locale: MessageLocale; texts: TriggerTexts; lineUserId: string },
): Promise<{ ok: true } | Refusal> {
  const unknown = unknownIn(input.kind, { [input.locale]: input.texts })
  if (unknown) return unknown
  const message = sampleTriggerMessage(input.kind, input.texts, customerFallbackName[input.locale])
  await ctx.db.batch([
    enqueueMessage(
      ctx.db,
      {
        dedupeKey: `trigger-test:${input.kind}:${crypto.randomUUID()}`,
        kind: 'trigger_test',
        lineUserId: input.lineUserId,
        messages: [message],
      },
      ctx.clock(),
    ),
  ])
  return { ok: true }
}
