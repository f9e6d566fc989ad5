// What a message reports under (deliveries.source): a campaign, one step of a scenario, or a trigger kind. Reports
// group sent, clicked, purchases and blocks by this key; the console names it from its parts.
import { triggerKinds, type TriggerKind } from './triggers/kinds'

export type MessageSource =
  | { kind: 'campaign'; campaignId: number }
  | { kind: 'step'; scenarioId: number; stepKey: number }
  | { kind: 'trigger'; trigger: TriggerKind }

export function sourceKey(source: MessageSource): string {
  if (source.kind === 'campaign') return `campaign:${source.campaignId}`
  if (source.kind === 'step') return `step:${source.scenarioId}:${source.stepKey}`
  return `trigger:${source.trigger}`
}

const count = /^[1-9][0-9]{0,14}$/

/** The source a stored key names, or null for anything else. */
export function parseSourceKey(key: string): MessageSource | null {
  const [kind, a, b, ...rest] = key.split(':')
  if (rest.length > 0) return null
  if (kind === 'campaign' && a && count.test(a) && b === undefined) return { kind, campaignId: Number(a) }
  if (kind === 'step' && a && b && count.test(a) && /^[0-9]{1,9}$/.test(b))
    return { kind, scenarioId: Number(a), stepKey: Number(b) }
  if (kind === 'trigger' && b === undefined && (triggerKinds as readonly string[]).includes(a ?? ''))
    return { kind, trigger: a as TriggerKind }
  return null
}
