// The scenario editor's form state: steps as the form holds them ↔ the request's definition, step order, the wait
// in words, and when each step would go for a member who starts now. Pure (no Vue, no fetch); tested on its own.

import type { z } from '@hono/zod-openapi'
import type { ScenarioInput, StepWait } from '../../../../server/domain/scenario'
import { runSchedule } from '../../../../server/domain/scenario-schedule'
import type { ScenarioView } from '../../../../server/routes/admin/scenarios'
import type { Segment } from '../api'
import {
  contentOf,
  emptyFields,
  fieldsOf,
  isComplete,
  type ContentFields,
  type Template,
} from '../campaigns/campaign-form'
import { dateTime } from '../format'

export type Scenario = z.infer<typeof ScenarioView>
export { scenarioStops, scenarioTriggers } from '../../../../server/domain/scenario'

/** One step as the editor holds it: every wait input at once (switching kinds keeps what was typed). */
export interface StepForm {
  key?: number
  waitKind: StepWait['kind']
  amount: number
  unit: 'minutes' | 'hours' | 'days'
  days: number
  time: string
  template: Template
  fields: ContentFields
  couponId: number | null
  /** Null: every member in the run gets the step. */
  segment: Segment | null
}

export interface ScenarioForm {
  name: string
  trigger: ScenarioInput['trigger']
  /** With `member.tagged`: the tag name ('' for any tag) and the value it must be set to ('' for any value). */
  tagName: string
  tagValue: string
  status: ScenarioInput['status']
  reentry: boolean
  stopOn: ScenarioInput['stopOn']
  steps: StepForm[]
}

export const newStep = (): StepForm => ({
  waitKind: 'after',
  amount: 1,
  unit: 'days',
  days: 1,
  time: '10:00',
  template: 'text',
  fields: emptyFields(),
  couponId: null,
  segment: null,
})

export const newScenario = (): ScenarioForm => ({
  name: '',
  trigger: 'member.registered',
  tagName: '',
  tagValue: '',
  status: 'paused',
  reentry: false,
  stopOn: ['purchase'],
  steps: [newStep()],
})

export const waitOf = (s: StepForm): StepWait =>
  s.waitKind === 'at'
    ? { kind: 'at', days: Math.max(0, Math.trunc(Number(s.days) || 0)), time: s.time }
    : { kind: 'after', amount: Math.max(0, Math.trunc(Number(s.amount) || 0)), unit: s.unit }

/** A tag scenario's start tag (null: any tag, when no name is given); nothing for other start events. */
function startTagOf(form: ScenarioForm): Pick<ScenarioInput, 'startTag'> {
  if (form.trigger !== 'member.tagged') return {}
  const name = form.tagName.trim()
  const value = form.tagValue.trim()
  return { startTag: name ? { name, ...(value ? { value } : {}) } : null }
}

/** The request's definition from the form. */
export function inputOf(form: ScenarioForm): ScenarioInput {
  return {
    name: form.name.trim(),
    trigger: form.trigger,
    ...startTagOf(form),
    status: form.status,
    reentry: form.reentry,
    stopOn: form.stopOn,
    steps: form.steps.map((s) => ({
      ...(s.key ? { key: s.key } : {}),
      wait: waitOf(s),
      content: contentOf(s.template, s.fields),
      couponId: s.couponId,
      segment: s.segment,
    })),
  }
}

/** The form for a saved scenario. */
export function formOf(s: Scenario): ScenarioForm {
  return {
    name: s.name,
    trigger: s.trigger,
    tagName: s.startTag?.name ?? '',
    tagValue: s.startTag?.value ?? '',
    status: s.status,
    reentry: s.reentry,
    stopOn: [...s.stopOn],
    steps: s.steps.map((step) => ({
      ...newStep(),
      key: step.key,
      ...(step.wait.kind === 'at'
        ? { waitKind: 'at' as const, days: step.wait.days, time: step.wait.time }
        : { waitKind: 'after' as const, amount: step.wait.amount, unit: step.wait.unit }),
      template: step.content.template,
      fields: fieldsOf(step.content, emptyFields()),
      couponId: step.couponId ?? null,
      segment: step.segment ?? null,
    })),
  }
}

/** The steps with the one at `index` moved by `by` places (clamped); a new array. */
export function moveStep<T>(steps: readonly T[], index: number, by: number): T[] {
  const to = Math.min(steps.length - 1, Math.max(0, index + by))
  const out = [...steps]
  const [moved] = out.splice(index, 1)
  out.splice(to, 0, moved!)
  return out
}

/** Indexes of steps whose required content is missing (no save request for those). */
export const incompleteSteps = (form: ScenarioForm): number[] =>
  form.steps.flatMap((s, i) => (isComplete(contentOf(s.template, s.fields)) && /^\d{2}:\d{2}$/.test(s.time) ? [] : [i]))

/** When each step would go for a member starting at `start`, as the console shows times in the shop's zone. */
export const exampleTimes = (form: ScenarioForm, start: Date, timeZone: string): string[] =>
  runSchedule(start, form.steps.map(waitOf), timeZone).map((at) => dateTime(at.getTime(), timeZone))

/** The page's text key and parameters that say a wait in words ("1時間後", "3日後の10:00"). */
export function waitWords(wait: StepWait): {
  key: `wait.${'now' | 'at' | 'minutes' | 'hours' | 'days'}`
  params: Record<string, string | number>
} {
  if (wait.kind === 'at') return { key: 'wait.at', params: { days: wait.days, time: wait.time } }
  if (wait.amount === 0) return { key: 'wait.now', params: {} }
  return { key: `wait.${wait.unit}`, params: { n: wait.amount } }
}
