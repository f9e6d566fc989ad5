// Step scenarios on every scheduled run, on both runtimes: members enter from the domain events past the scenarios'
// cursor, then due runs take their next step into the outbox (quiet hours, pacing and retry keys are the outbox's).
// Both go in chunks within the invocation's budget, each chunk's writes in one batch with its cursor's advance.
import { sourceKey } from '../domain/message-source'
import type { BatchItem } from 'drizzle-orm/batch'
import { affectedRows } from '../../db/affected-rows'
import type { Scenario } from '../../db/schema'
import { memberMessages, type CampaignSendContext } from '../data/campaign-enqueue'
import { jobCursorWrite, loadJobCursor } from '../data/job-cursors'
import { memberFacts } from '../data/member-facts'
import { allScenarios } from '../data/scenarios'
import {
  anyDue,
  dueRuns,
  endWrite,
  enrolWrite,
  eventsAfter,
  lastEventId,
  matchingMembers,
  reachable,
  scenarioStepKey,
  scenarioSubject,
  stepWrites,
  stopReason,
  type DueRun,
} from '../data/scenario-runs'
import { campaignMessages, contentHash } from '../domain/campaign-content'
import { campaignPlaceholders, isPersonalised, personalise } from '../domain/campaign-placeholders'
import { startTagMatches, type ScenarioStep } from '../domain/scenario'
import { stepDueAt } from '../domain/scenario-schedule'
import type { AppDeps } from '../env'
import { issueCoupon } from '../usecases/coupon-issue'
import { takeStep, type JobBudget } from './chunked'

/** Domain events read per chunk, and due runs advanced per chunk (unless the budget sets its rows per step). */
const chunkSize = 500

const eventsCursor = { name: 'scenarios:events', period: 'events' } as const

export interface ScenarioJobReport {
  enrolled: number
  sent: number
  skipped: number
  ended: number
}

/** Members enter the active scenarios their new events start; returns how many entered. */
async function enrolFromEvents(
  deps: AppDeps,
  scenarios: Scenario[],
  ctx: CampaignSendContext,
  now: Date,
  budget: JobBudget,
) {
  const { db } = deps
  const active = scenarios.filter((s) => s.status === 'active' && s.steps.length > 0)
  let position = await loadJobCursor(db, eventsCursor.name, eventsCursor.period)
  // No scenario to enter: the cursor moves past today's events in one statement, taking nothing from the budget.
  if (active.length === 0) {
    const last = await lastEventId(db)
    if (last > position.cursor)
      await db.batch([jobCursorWrite(db, eventsCursor.name, eventsCursor.period, { cursor: last, done: false }, now)])
    return 0
  }
  let enrolled = 0
  for (;;) {
    const events = await eventsAfter(db, position.cursor, budget.rowsPerStep ?? chunkSize)
    if (events.length === 0 || !takeStep(budget)) break
    const writes = events.flatMap((event) => {
      const subject = scenarioSubject(event)
      if (!subject) return []
      return active
        .filter(
          (s) => s.trigger === event.kind && (s.trigger !== 'member.tagged' || startTagMatches(s.startTag, event)),
        )
        .map((s) => {
          const firstAt = stepDueAt(new Date(event.createdAt), s.steps[0]!.wait, ctx.quiet.timeZone)
          return enrolWrite(db, s, event, subject, firstAt, now)
        })
    })
    position = { cursor: events.at(-1)!.id, done: false }
    const [, ...results] = await db.batch([
      jobCursorWrite(db, eventsCursor.name, eventsCursor.period, position, now),
      ...writes,
    ])
    enrolled += results.reduce<number>((n, r) => n + affectedRows(r), 0)
    if (events.length < (budget.rowsPerStep ?? chunkSize)) break
  }
  return enrolled
}

/** The step's messages for one run: personalised for a member when its text has placeholders. */
async function messagesFor(step: ScenarioStep, runs: DueRun[], ctx: CampaignSendContext, deps: AppDeps, now: Date) {
  if (!isPersonalised(step.content)) {
    const messages = campaignMessages(step.content)
    const hash = await contentHash(messages)
    return () => ({ messages, contentHash: hash })
  }
  const facts = new Map(
    (
      await memberFacts(
        deps.db,
        runs.flatMap((r) => (r.memberId ? [r.memberId] : [])),
        now,
      )
    ).map((f) => [f.memberId, f]),
  )
  const blank = Object.fromEntries(campaignPlaceholders.map((p) => [p, '']))
  return (run: DueRun) => {
    const member = run.memberId === null ? undefined : facts.get(run.memberId)
    return {
      messages: member
        ? memberMessages(step.content, member, ctx, now)
        : campaignMessages(personalise(step.content, blank)),
    }
  }
}

/** One chunk of due runs: each stops, skips its step or sends it, and moves on to the next step or completes. */
async function advanceChunk(
  deps: AppDeps,
  scenarios: Map<number, Scenario>,
  ctx: CampaignSendContext,
  now: Date,
  chunk: { after: number; limit: number },
  report: ScenarioJobReport,
) {
  const { db } = deps
  const runs = await dueRuns(db, now, chunk.after, chunk.limit)
  if (runs.length === 0) return { next: null }
  const timeZone = ctx.quiet.timeZone
  const writes: BatchItem<'sqlite'>[] = []
  // Runs taking the same step share its segment check and its rendered content.
  const groups = new Map<string, { scenario: Scenario; step: ScenarioStep; runs: DueRun[] }>()
  for (const run of runs) {
    const scenario = scenarios.get(run.scenarioId)
    if (!scenario || scenario.status !== 'active') continue // paused: the run waits where it is
    const step = scenario.steps[run.step]
    if (!step) {
      writes.push(endWrite(db, run, { status: 'completed', reason: null }, now))
      report.ended++
      continue
    }
    const stop = stopReason(run, scenario.stopOn)
    if (stop) {
      writes.push(endWrite(db, run, { status: 'stopped', reason: stop }, now))
      report.ended++
      continue
    }
    const group = groups.get(`${scenario.id}:${run.step}`) ?? { scenario, step, runs: [] }
    group.runs.push(run)
    groups.set(`${scenario.id}:${run.step}`, group)
  }
  for (const { scenario, step, runs: taking } of groups.values()) {
    const members = taking.flatMap((r) => (r.memberId === null ? [] : [r.memberId]))
    const matching = step.segment ? await matchingMembers(db, members, step.segment, now) : null
    const render = await messagesFor(step, taking, ctx, deps, now)
    const following = scenario.steps[taking[0]!.step + 1]
    for (const run of taking) {
      const next = following ? stepDueAt(new Date(run.nextAt), following.wait, timeZone) : null
      const goes = reachable(run) && (!matching || (run.memberId !== null && matching.has(run.memberId)))
      if (!goes) {
        writes.push(...stepWrites(db, run, { key: step.key, outcome: 'skipped' }, next, now))
        report.skipped++
        continue
      }
      const dedupeKey = scenarioStepKey(scenario.id, step.key, run.id)
      // Idempotent by its key, so a chunk run again after a crash issues nothing twice; its own message links to it.
      if (step.couponId && run.memberId !== null) {
        await issueCoupon(deps, {
          couponId: step.couponId,
          memberId: run.memberId,
          issueKey: dedupeKey,
          source: 'scenario',
          actor: `system:scenario:${scenario.id}`,
        })
      }
      const message = {
        dedupeKey,
        kind: 'scenario',
        source: sourceKey({ kind: 'step', scenarioId: scenario.id, stepKey: step.key }),
        lineUserId: run.lineUserId!,
        holdInQuietHours: true,
        ...render(run),
      }
      writes.push(...stepWrites(db, run, { key: step.key, outcome: 'sent', message }, next, now))
      report.sent++
    }
  }
  return { next: runs.length < chunk.limit ? null : runs.at(-1)!.id, writes }
}

/**
 * Both parts for this invocation: new events enter members (from the events cursor), then due steps go out. The due
 * runs need no stored cursor: a run that took its step is no longer due, so a pass that runs out of budget (or
 * crashes between chunks) leaves exactly the rest for the next invocation; within a pass, chunks go on by run id.
 */
export async function runScenarioJobs(
  deps: AppDeps,
  ctx: CampaignSendContext,
  now: Date,
  budget: JobBudget,
): Promise<ScenarioJobReport & { done: boolean }> {
  const list = await allScenarios(deps.db)
  const report: ScenarioJobReport = { enrolled: 0, sent: 0, skipped: 0, ended: 0 }
  report.enrolled = await enrolFromEvents(deps, list, ctx, now, budget)
  const scenarios = new Map(list.map((s) => [s.id, s]))
  // Nothing due (most runs): the budget is left whole for the other jobs.
  let after: number | null = (await anyDue(deps.db, now)) ? 0 : null
  while (after !== null && takeStep(budget)) {
    const chunk = await advanceChunk(
      deps,
      scenarios,
      ctx,
      now,
      { after, limit: budget.rowsPerStep ?? chunkSize },
      report,
    )
    if (chunk.writes?.length) await deps.db.batch(chunk.writes as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
    after = chunk.next
  }
  return { ...report, done: after === null }
}
