// What a message reports under (deliveries.source): a campaign, one step of a scenario, or a trigger kind. Reports
// group sent, clicked, purchases and blocks by this key; the console names it from its parts.
import type { TriggerKind } from './triggers/kinds'

export type MessageSource =
  | { kind: 'campaign'; campaignId: number }
  | { kind: 'step'; scenarioId: number; stepKey: number }
  | { kind: 'trigger'; trigger: TriggerKind }

export function sourceKey(source: MessageSource): string {
  if (source.kind === 'campaign') return `campaign:${source.campaignId}`
  if (source.kind === 'step') return `step:${source.scenarioId}:${source.stepKey}`
  return `trigger:${source.trigger}`
}

const scenarioStepDedupe = /^scenario:(\d+):(\d+):\d+$/

/**
 * The source of a delivery written before deliveries had one (migration 0038), from what every such row carries:
 * a campaign's by its campaign, a scenario step's by its dedupe key (`scenario:<id>:<step key>:<run>`), a cart
 * reminder by its kind. Null for what reports do not count (receipts, reminders, tests) or cannot tell apart.
 */
export function sourceOfEarlierDelivery(row: {
  kind: string
  campaignId: number | null
  dedupeKey: string
}): string | null {
  if (row.kind === 'campaign' && row.campaignId !== null)
    return sourceKey({ kind: 'campaign', campaignId: row.campaignId })
  const step = row.kind === 'scenario' ? scenarioStepDedupe.exec(row.dedupeKey) : null
  if (step) return sourceKey({ kind: 'step', scenarioId: Number(step[1]), stepKey: Number(step[2]) })
  if (row.kind === 'cart_reminder') return sourceKey({ kind: 'trigger', trigger: 'cart_reminder' })
  return null
}
