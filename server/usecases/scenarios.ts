// Composing step scenarios in the console: create, edit (steps keep their keys, new ones get fresh keys) and pause
// or resume, each write with its audit entry in one batch. Unknown placeholders and coupons are refusals, as values.
import type { Scenario } from '../../db/schema'
import { findCoupon } from '../data/coupon-copies'
import { findScenario, insertScenario, updateScenario } from '../data/scenarios'
import { unknownPlaceholders } from '../domain/campaign-placeholders'
import { refuse, type Refusal } from '../domain/refusal'
import { keyedSteps, type ScenarioInput } from '../domain/scenario'
import type { ScenarioUseCaseContext, UseCaseContext } from './context'

export interface ScenarioSaved {
  ok: true
  scenario: Scenario
}

const notFound = (id: number) => refuse('scenario_not_found', `No scenario ${id}`)

async function checkSteps(ctx: UseCaseContext, input: ScenarioInput): Promise<Refusal | null> {
  for (const [index, step] of input.steps.entries()) {
    const unknown = unknownPlaceholders(step.content)
    if (unknown.length)
      return refuse('unknown_placeholder', `Unknown placeholder {${unknown[0]}}`, {
        step: index,
        placeholders: unknown,
      })
    if (step.couponId && !(await findCoupon(ctx.db, step.couponId))) {
      return refuse('coupon_not_found', `No coupon ${step.couponId}`, { step: index })
    }
  }
  return null
}

/** The start tag is kept only for a scenario that starts on a tag. */
const startTagOf = (s: ScenarioInput) => (s.trigger === 'member.tagged' ? (s.startTag ?? null) : null)

export async function createScenario(
  ctx: ScenarioUseCaseContext,
  input: { scenario: ScenarioInput; actor: string },
): Promise<ScenarioSaved | Refusal> {
  const refused = await checkSteps(ctx, input.scenario)
  if (refused) return refused
  const { steps, lastKey } = keyedSteps(input.scenario.steps, 0)
  const scenario = await insertScenario(
    ctx.db,
    { ...input.scenario, startTag: startTagOf(input.scenario), steps, lastStepKey: lastKey },
    input.actor,
    ctx.clock(),
  )
  ctx.scenarioStarts.invalidate()
  return { ok: true, scenario }
}

/** Replaces the scenario's definition; runs in progress go on at their step index with the new steps. */
export async function editScenario(
  ctx: ScenarioUseCaseContext,
  input: { id: number; scenario: ScenarioInput; actor: string },
): Promise<ScenarioSaved | Refusal> {
  const before = await findScenario(ctx.db, input.id)
  if (!before) return notFound(input.id)
  const refused = await checkSteps(ctx, input.scenario)
  if (refused) return refused
  const { steps, lastKey } = keyedSteps(input.scenario.steps, before.lastStepKey)
  const detail = { name: input.scenario.name, status: input.scenario.status, steps: steps.length }
  const scenario = await updateScenario(
    ctx.db,
    input.id,
    { ...input.scenario, startTag: startTagOf(input.scenario), steps, lastStepKey: lastKey },
    { actor: input.actor, action: 'scenario.updated', detail },
    ctx.clock(),
  )
  ctx.scenarioStarts.invalidate()
  return scenario ? { ok: true, scenario } : notFound(input.id)
}

/** Pauses (no one enters, no step goes out; runs wait where they are) or resumes a scenario. */
export async function setScenarioStatus(
  ctx: ScenarioUseCaseContext,
  input: { id: number; status: Scenario['status']; actor: string },
): Promise<ScenarioSaved | Refusal> {
  const action = input.status === 'active' ? 'scenario.resumed' : 'scenario.paused'
  const scenario = await updateScenario(
    ctx.db,
    input.id,
    { status: input.status },
    { actor: input.actor, action, detail: {} },
    ctx.clock(),
  )
  ctx.scenarioStarts.invalidate()
  return scenario ? { ok: true, scenario } : notFound(input.id)
}
