// Scenario runs in SQL: members enter from the domain events past the scenarios' cursor, and due runs take their next
// step. Every statement here goes into the batch of its job chunk together with the cursor's advance (jobs/scenarios.ts).
import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import type { Scenario } from '../../db/schema'
import type { ScenarioStop } from '../domain/scenario'
import type { Segment } from '../domain/segment'
import { enqueueMessage, type OutgoingMessage } from './outbox'
import { segmentCondition } from './segments'

export interface TriggerEvent {
  id: number
  kind: string
  memberId: number | null
  lineUserId: string | null
  /** A `member.tagged` event's tag and the value it was set to (null for other kinds). */
  tag: string | null
  value: string | null
  createdAt: number
}

/** The next `limit` domain events after `after`, in id order (ids only grow: a cursor never misses one). */
export function eventsAfter(db: Database, after: number, limit: number) {
  return db.all<TriggerEvent>(sql`SELECT id, kind, member_id AS memberId, json_extract(payload, '$.lineUserId') AS lineUserId,
      json_extract(payload, '$.tag') AS tag, json_extract(payload, '$.value') AS value, created_at AS createdAt
    FROM domain_events WHERE id > ${after} ORDER BY id LIMIT ${limit}`)
}

/** The newest domain event's id (0 when there is none). */
export async function lastEventId(db: Database): Promise<number> {
  const [row] = await db.all<{ id: number | null }>(sql`SELECT max(id) AS id FROM domain_events`)
  return Number(row?.id ?? 0)
}

export const scenarioSubject = (e: Pick<TriggerEvent, 'memberId' | 'lineUserId'>) =>
  e.memberId !== null ? `member:${e.memberId}` : e.lineUserId ? `line:${e.lineUserId}` : null

/**
 * Enters the event's subject into the scenario, once per event; not while a run of theirs is active, and never again
 * once they ran through it unless the scenario allows re-entry. Checked inside the batch, so a repeat changes nothing.
 */
export function enrolWrite(db: Database, scenario: Pick<Scenario, 'id' | 'reentry'>, event: TriggerEvent, subject: string, firstAt: Date, now: Date) {
  const at = now.getTime()
  const blocking = scenario.reentry ? sql`AND status = 'active'` : sql``
  return db.run(sql`INSERT INTO scenario_enrolments (scenario_id, subject, member_id, line_user_id, event_id, status, step,
      next_at, started_at, updated_at)
    SELECT ${scenario.id}, ${subject}, ${event.memberId}, ${event.memberId === null ? event.lineUserId : null}, ${event.id},
      'active', 0, ${firstAt.getTime()}, ${event.createdAt}, ${at}
    WHERE NOT EXISTS (SELECT 1 FROM scenario_enrolments WHERE scenario_id = ${scenario.id} AND subject = ${subject} ${blocking})
    ON CONFLICT DO NOTHING`)
}

export interface DueRun {
  id: number
  scenarioId: number
  step: number
  nextAt: number
  startedAt: number
  /** The member (the enrolment's, or the one the friend linked since). */
  memberId: number | null
  lineUserId: string | null
  friendStatus: string | null
  linkedAt: number | null
  optedIn: number | null
  purchased: number
}

/** Whether any run's next step is due (an index seek). */
export async function anyDue(db: Database, now: Date): Promise<boolean> {
  const rows = await db.all(sql`SELECT 1 FROM scenario_enrolments WHERE status = 'active' AND next_at <= ${now.getTime()} LIMIT 1`)
  return rows.length > 0
}

/**
 * Active runs whose next step is due, after enrolment `after` in id order, with what their stop rules look at. The chunk's
 * ids are picked first, so the joins and the purchase check run for its rows only; every earn sets the member's last
 * visit, so the ledger is read only for members seen since their run started.
 */
export function dueRuns(db: Database, now: Date, after: number, limit: number) {
  return db.all<DueRun>(sql`SELECT e.id, e.scenario_id AS scenarioId, e.step, e.next_at AS nextAt, e.started_at AS startedAt,
      coalesce(e.member_id, lf.member_id) AS memberId, coalesce(lm.line_user_id, lf.line_user_id) AS lineUserId,
      coalesce(lm.friend_status, lf.friend_status) AS friendStatus, coalesce(lm.linked_at, lf.linked_at) AS linkedAt,
      m.marketing_opt_in AS optedIn,
      (m.last_visit_at > e.started_at AND EXISTS (SELECT 1 FROM point_ledger p WHERE p.member_id = m.id
        AND p.kind = 'earn' AND p.created_at > e.started_at)) AS purchased
    FROM (SELECT id FROM scenario_enrolments WHERE status = 'active' AND next_at <= ${now.getTime()} AND id > ${after}
      ORDER BY id LIMIT ${limit}) d
    JOIN scenario_enrolments e ON e.id = d.id
    LEFT JOIN line_accounts lm ON lm.member_id = e.member_id
    LEFT JOIN line_accounts lf ON e.member_id IS NULL AND lf.line_user_id = e.line_user_id
    LEFT JOIN members m ON m.id = coalesce(e.member_id, lf.member_id)
    ORDER BY e.id`)
}

/**
 * Why a run stops now, if it does: the scenario's stop rules first, then a run with no LINE account left to send to (a
 * member who unlinked). A blocked friend with no unfollow rule only skips steps until they come back.
 */
export function stopReason(run: DueRun, stopOn: readonly ScenarioStop[]): ScenarioStop | 'unreachable' | null {
  if (stopOn.includes('purchase') && run.purchased) return 'purchase'
  if (stopOn.includes('link') && run.linkedAt !== null && run.linkedAt > run.startedAt) return 'link'
  if (stopOn.includes('unfollow') && run.friendStatus === 'blocked') return 'unfollow'
  return run.lineUserId ? null : 'unreachable'
}

/** A step goes to this run only when LINE can deliver it and the member (if any) takes marketing messages. */
export const reachable = (run: DueRun) => run.friendStatus !== 'blocked' && run.optedIn !== 0

/**
 * Of `memberIds`, those matching `segment` now (a step's condition). The unary + over the segment's condition finds
 * the members by primary key: on its `m.status = 'active'` SQLite would walk every active member of the segment index.
 */
export async function matchingMembers(db: Database, memberIds: number[], segment: Segment, now: Date): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set()
  const rows = await db.all<{ id: number }>(sql`SELECT m.id FROM members m
    WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)})) AND +(${segmentCondition(segment, now)})`)
  return new Set(rows.map((r) => Number(r.id)))
}

/** The run's step went (`sent`, with its message) or was skipped: logged, and the run moved on or finished. */
export function stepWrites(
  db: Database,
  run: DueRun,
  step: { key: number; outcome: 'sent' | 'skipped'; message?: OutgoingMessage },
  next: Date | null,
  now: Date,
): BatchItem<'sqlite'>[] {
  const at = now.getTime()
  const moved = next
    ? sql`step = step + 1, next_at = ${next.getTime()}`
    : sql`step = step + 1, status = 'completed'`
  return [
    ...(step.message ? [enqueueMessage(db, step.message, now)] : []),
    db.run(sql`INSERT INTO scenario_step_log (enrolment_id, scenario_id, step_key, member_id, outcome, at)
      VALUES (${run.id}, ${run.scenarioId}, ${step.key}, ${run.memberId}, ${step.outcome}, ${at}) ON CONFLICT DO NOTHING`),
    db.run(sql`UPDATE scenario_enrolments SET ${moved}, updated_at = ${at}
      WHERE id = ${run.id} AND status = 'active' AND step = ${run.step}`),
  ]
}

/** Ends the run where it stands: `stopped` for a reason, or `completed` when its scenario has no step left for it. */
export function endWrite(db: Database, run: DueRun, end: { status: 'stopped' | 'completed'; reason: string | null }, now: Date) {
  return db.run(sql`UPDATE scenario_enrolments SET status = ${end.status}, stop_reason = ${end.reason}, updated_at = ${now.getTime()}
    WHERE id = ${run.id} AND status = 'active' AND step = ${run.step}`)
}

/** Dedupe key of a step's message: one per run and step, whoever plans it again. */
export const scenarioStepKey = (scenarioId: number, stepKey: number, enrolmentId: number) =>
  `scenario:${scenarioId}:${stepKey}:${enrolmentId}`
