// The console's step scenarios: list with run counts, compose and edit, pause and resume, and each step's counts.
// Content previews go through POST /api/admin/campaigns/preview (the same templates and renderer as campaigns).
import { z } from '@hono/zod-openapi'
import type { Scenario } from '../../../db/schema'
import { staffActor } from '../../data/audit'
import { tagNamesInUse } from '../../data/member-tags'
import { findScenario, scenarioCounts } from '../../data/scenarios'
import { ScenarioInputSchema, ScenarioStepSchema, scenarioStatuses } from '../../domain/scenario'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { createScenario, editScenario, setScenarioStatus } from '../../usecases/scenarios'
import { allScenarios } from '../../data/scenarios'
import { idParam } from '../path-id'
import { accepted, found } from '../refusals'
import { refuse } from '../../domain/refusal'
import { adminRoute } from '../guarded-routes'

const StepCounts = z
  .object({
    key: z.number(),
    waiting: z.number().openapi({ description: 'Runs waiting for this step' }),
    sent: z.number().openapi({ description: 'Messages put in the outbox for it' }),
    delivered: z.number().openapi({ description: 'Of those, accepted by LINE' }),
    skipped: z.number().openapi({ description: 'Runs that did not match its condition and went on' }),
    stopped: z.number().openapi({ description: 'Runs that stopped while waiting for it' }),
    purchases: z.number().openapi({ description: 'Members who bought within 7 days after it' }),
  })
  .openapi('ScenarioStepCounts')

export const ScenarioView = ScenarioInputSchema.extend({
  id: z.number(),
  steps: z.array(ScenarioStepSchema.extend({ key: z.number() })),
  entered: z.number(),
  active: z.number(),
  completed: z.number(),
  stopped: z.number(),
  stepCounts: z.array(StepCounts),
  updatedAt: z.string(),
}).openapi('Scenario')

async function view(db: Parameters<typeof scenarioCounts>[0], s: Scenario): Promise<z.infer<typeof ScenarioView>> {
  const { steps: stepCounts, ...counts } = await scenarioCounts(db, s)
  return {
    id: s.id,
    name: s.name,
    trigger: s.trigger,
    startTag: s.startTag,
    status: s.status,
    reentry: s.reentry,
    stopOn: s.stopOn,
    steps: s.steps,
    ...counts,
    stepCounts,
    updatedAt: s.updatedAt.toISOString(),
  }
}

const saved = (description: string) => jsonResponse(description, ScenarioView)

export const listRoute = adminRoute('get', '/', {
  summary: 'Every scenario with its run and step counts, newest first',
  responses: { 200: jsonResponse('Scenarios', z.object({ scenarios: z.array(ScenarioView) })) },
})

const createRouteDef = adminRoute('post', '/', {
  summary: 'Compose a scenario: start event, steps (wait, content, coupon, segment condition), stop rules',
  request: { body: jsonBody(ScenarioInputSchema) },
  responses: {
    201: saved('Created'),
    400: errorResponse('Invalid body, or `unknown_placeholder` in a step'),
    404: errorResponse('A step’s coupon does not exist (`coupon_not_found`)'),
  },
})

export const tagNamesRoute = adminRoute('get', '/tag-names', {
  summary: 'Tag names the shop’s systems have set on members (the first 200 by name), to start a scenario on',
  responses: { 200: jsonResponse('Tag names', z.object({ names: z.array(z.string()) })) },
})

const getRoute = adminRoute('get', '/{id}', {
  summary: 'A scenario with how many runs are at each step, sent, stopped, and the purchases after each step',
  request: { params: idParam },
  responses: { 200: saved('Scenario'), 404: errorResponse('`scenario_not_found`') },
})

const updateRoute = adminRoute('put', '/{id}', {
  summary: 'Replace a scenario’s definition (runs in progress go on with the new steps)',
  request: { params: idParam, body: jsonBody(ScenarioInputSchema) },
  responses: {
    200: saved('Saved'),
    400: errorResponse('Invalid body, or `unknown_placeholder` in a step'),
    404: errorResponse('`scenario_not_found`, or a step’s `coupon_not_found`'),
  },
})

const statusRoute = adminRoute('put', '/{id}/status', {
  summary: 'Pause (no one enters, nothing is sent) or resume a scenario',
  request: { params: idParam, body: jsonBody(z.object({ status: z.enum(scenarioStatuses) })) },
  responses: { 200: saved('Saved'), 404: errorResponse('`scenario_not_found`') },
})

export const adminScenarios = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.shop
    const rows = await allScenarios(db)
    return c.json({ scenarios: await Promise.all(rows.map((s) => view(db, s))) }, 200)
  })
  .openapi(createRouteDef, async (c) => {
    const { shop: deps, staff } = c.var
    const done = accepted(await createScenario(deps, { scenario: c.req.valid('json'), actor: staffActor(staff) }))
    return c.json(await view(deps.db, done.scenario), 201)
  })
  .openapi(tagNamesRoute, async (c) => c.json({ names: await tagNamesInUse(c.var.shop.db) }, 200))
  .openapi(getRoute, async (c) => {
    const { db } = c.var.shop
    const { id } = c.req.valid('param')
    const scenario = found((await findScenario(db, id)) ?? refuse('scenario_not_found', `No scenario ${id}`))
    return c.json(await view(db, scenario), 200)
  })
  .openapi(updateRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const { id } = c.req.valid('param')
    const done = accepted(await editScenario(deps, { id, scenario: c.req.valid('json'), actor: staffActor(staff) }))
    return c.json(await view(deps.db, done.scenario), 200)
  })
  .openapi(statusRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const { id } = c.req.valid('param')
    const done = accepted(
      await setScenarioStatus(deps, { id, status: c.req.valid('json').status, actor: staffActor(staff) }),
    )
    return c.json(await view(deps.db, done.scenario), 200)
  })
