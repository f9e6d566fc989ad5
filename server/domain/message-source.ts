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
