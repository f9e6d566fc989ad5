// Step scenarios (ステップ配信) as an admin composes them: a start event, steps each with a wait, content and an
// optional segment condition, and the events that stop a member's run. Validated here; the SQL is in data/scenarios.ts.
import { z } from 'zod'
import { CampaignContentSchema } from './campaign-content'
import { singleLine } from './free-text'
import { TagName, TagValue } from './member-tag'
import { SegmentSchema } from './segment'

/** Domain events a scenario can start on (written by the use cases in the batch of what happened). */
export const scenarioTriggers = [
  'friend.added',
  'member.registered',
  'member.linked',
  'purchase.first',
  'reservation.visited',
  'coupon.used',
  'member.tagged',
] as const
export type ScenarioTrigger = (typeof scenarioTriggers)[number]

/** What ends a member's run before its last step: a purchase, linking a membership, blocking the account. */
export const scenarioStops = ['purchase', 'link', 'unfollow'] as const
export type ScenarioStop = (typeof scenarioStops)[number]

export const scenarioStatuses = ['active', 'paused'] as const

/** With `member.tagged`: the tag whose setting starts a run, and optionally the value it must be set to. */
export const ScenarioStartTagSchema = z
  .object({ name: TagName, value: TagValue.optional() })
  .strict()
  .meta({ id: 'ScenarioStartTag' })
export type ScenarioStartTag = z.infer<typeof ScenarioStartTagSchema>

/** Whether a `member.tagged` event (tag `name` set to `value`) starts a scenario naming `start` (null: any tag). */
export const startTagMatches = (start: ScenarioStartTag | null, event: { tag: string | null; value: string | null }) =>
  !start || (start.name === event.tag && (start.value === undefined || start.value === event.value))

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')

/** How long after the previous step (or the start event) a step is due. */
export const StepWaitSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('after'),
      amount: z.number().int().min(0).max(1000),
      unit: z.enum(['minutes', 'hours', 'days']),
    }),
    /** At `time` in the shop's time zone, `days` calendar days later (0: today if not yet past, else tomorrow). */
    z.object({ kind: z.literal('at'), days: z.number().int().min(0).max(365), time }),
  ])
  .meta({ id: 'ScenarioStepWait' })
export type StepWait = z.infer<typeof StepWaitSchema>

export const ScenarioStepSchema = z
  .object({
    /** Stable within the scenario (the server assigns it to new steps): counts and dedupe keys follow it. */
    key: z.number().int().positive().optional(),
    wait: StepWaitSchema,
    content: CampaignContentSchema,
    /** A coupon issued with the step (its own message links to it). */
    couponId: z.number().int().positive().nullable().optional(),
    /** Only members matching this segment get the step; others skip it and go on. */
    segment: SegmentSchema.nullable().optional(),
  })
  .meta({ id: 'ScenarioStep' })
export type ScenarioStepInput = z.infer<typeof ScenarioStepSchema>
export type ScenarioStep = ScenarioStepInput & { key: number }

export const ScenarioInputSchema = z
  .object({
    name: singleLine(z.string().trim().min(1).max(60)),
    trigger: z.enum(scenarioTriggers),
    /** Only with `member.tagged` (ignored otherwise): which tag starts it; absent or null, any tag newly set or changed. */
    startTag: ScenarioStartTagSchema.nullable().optional(),
    status: z.enum(scenarioStatuses),
    reentry: z.boolean(),
    stopOn: z.array(z.enum(scenarioStops)).max(scenarioStops.length),
    steps: z.array(ScenarioStepSchema).min(1).max(20),
  })
  .meta({ id: 'ScenarioInput' })
export type ScenarioInput = z.infer<typeof ScenarioInputSchema>

/** Gives new steps keys after the highest one in use (kept or ever used: `lastKey`), so a key never names two steps. */
export function keyedSteps(
  steps: readonly ScenarioStepInput[],
  lastKey: number,
): { steps: ScenarioStep[]; lastKey: number } {
  const used = new Set<number>()
  let next = lastKey
  const keyed = steps.map((s) => {
    const key = s.key && !used.has(s.key) && s.key <= lastKey ? s.key : ++next
    used.add(key)
    return { ...s, key }
  })
  return { steps: keyed, lastKey: next }
}
