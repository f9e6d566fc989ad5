// Scenarios as the console reads and writes them, and the per-step counts of their runs.
import { desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { scenarios, type Scenario } from '../../db/schema'
import { createCache } from '../cache'
import type { ScenarioInput, ScenarioStep, ScenarioTrigger } from '../domain/scenario'
import type { Clock } from '../env'
import { auditWhen } from './audit'
import { settingsCacheMs } from './settings'

/** Days after a step in which a member's purchase counts as what the step achieved. */
export const attributionDays = 7

export const allScenarios = (db: Database) => db.select().from(scenarios).orderBy(desc(scenarios.id))

export const findScenario = (db: Database, id: number) => db.query.scenarios.findFirst({ where: eq(scenarios.id, id) })

/** The events some active scenario starts on. */
async function activeScenarioTriggers(db: Database): Promise<ReadonlySet<ScenarioTrigger>> {
  const rows = await db
    .selectDistinct({ trigger: scenarios.trigger })
    .from(scenarios)
    .where(eq(scenarios.status, 'active'))
  return new Set(rows.map((r) => r.trigger))
}

/**
 * The events the shop's active scenarios start on, kept by its context (server/shop.ts) as its settings are: a use case
 * whose start event only a scenario reads (an earn's `purchase.first`) writes it only while some scenario waits for it.
 * The scenario use cases drop the kept copy after each write; other processes and Workers isolates see a change within
 * `settingsCacheMs` of the shop's clock.
 */
export interface ScenarioStarts {
  load(): Promise<ReadonlySet<ScenarioTrigger>>
  invalidate(): void
}

export function createScenarioStarts(db: Database, clock: Clock): ScenarioStarts {
  const kept = createCache<'starts', Promise<ReadonlySet<ScenarioTrigger>>>({ clock, ttlMs: settingsCacheMs })
  return {
    load: () => kept.get('starts', () => activeScenarioTriggers(db)),
    invalidate: () => kept.invalidate(),
  }
}

export type ScenarioValues = Omit<ScenarioInput, 'steps'> & { steps: ScenarioStep[]; lastStepKey: number }

/** The scenario and its audit entry in one batch (the entry names the row just inserted: the table's highest id). */
export async function insertScenario(db: Database, values: ScenarioValues, actor: string, now: Date): Promise<Scenario> {
  const detail = JSON.stringify({ name: values.name, trigger: values.trigger, status: values.status })
  const [[row]] = await db.batch([
    db.insert(scenarios).values({ ...values, createdBy: actor, createdAt: now, updatedAt: now }).returning(),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
      SELECT ${actor}, 'scenario.created', 'scenario:' || MAX(id), ${detail}, ${now.getTime()} FROM scenarios`),
  ])
  return row!
}

/** The change and its audit entry in one batch; undefined when there is no such scenario. */
export async function updateScenario(
  db: Database,
  id: number,
  values: Partial<ScenarioValues>,
  entry: { actor: string; action: string; detail: Record<string, unknown> },
  now: Date,
): Promise<Scenario | undefined> {
  const [[row]] = await db.batch([
    db.update(scenarios).set({ ...values, updatedAt: now }).where(eq(scenarios.id, id)).returning(),
    auditWhen(db, { ...entry, target: `scenario:${id}` }, now.getTime(), sql`EXISTS (SELECT 1 FROM scenarios WHERE id = ${id})`),
  ])
  return row
}

export interface StepCounts {
  key: number
  /** Runs waiting for this step. */
  waiting: number
  /** Messages put in the outbox for it, and of those the ones LINE accepted. */
  sent: number
  delivered: number
  /** Runs that did not match its condition (or could not be reached) and went on. */
  skipped: number
  /** Runs that stopped while waiting for it. */
  stopped: number
  /** Members who bought within `attributionDays` after it was sent to them. */
  purchases: number
}

export interface ScenarioCounts {
  entered: number
  active: number
  completed: number
  stopped: number
  steps: StepCounts[]
}

/** Every count of a scenario's console view, in a handful of grouped reads. */
export async function scenarioCounts(db: Database, scenario: Scenario): Promise<ScenarioCounts> {
  const id = scenario.id
  const [runs, logs, delivered] = await Promise.all([
    db.all<{ status: string; step: number; n: number }>(sql`SELECT status, step, count(*) AS n FROM scenario_enrolments
      WHERE scenario_id = ${id} GROUP BY status, step`),
    db.all<{ key: number; outcome: string; n: number; bought: number }>(sql`SELECT step_key AS key, outcome, count(*) AS n,
        sum(EXISTS (SELECT 1 FROM point_ledger p WHERE p.member_id = l.member_id AND p.kind = 'earn'
          AND p.created_at > l.at AND p.created_at <= l.at + ${attributionDays * 86_400_000})) AS bought
      FROM scenario_step_log l WHERE scenario_id = ${id} GROUP BY step_key, outcome`),
    // One range over the unique index per step (`scenario:<id>:<key>:` up to `…;`); keys are bound as text.
    Promise.all(
      scenario.steps.map(async (step) => {
        const prefix = `scenario:${id}:${step.key}:`
        const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM deliveries
          WHERE dedupe_key >= ${prefix} AND dedupe_key < ${`${prefix.slice(0, -1)};`} AND status = 'sent'`)
        return Number(row?.n ?? 0)
      }),
    ),
  ])
  const sum = (rows: { n: number }[]) => rows.reduce((n, r) => n + Number(r.n), 0)
  const steps = scenario.steps.map((step, index): StepCounts => {
    const log = (outcome: string) => logs.find((l) => Number(l.key) === step.key && l.outcome === outcome)
    const at = (status: string) => sum(runs.filter((r) => r.status === status && Number(r.step) === index))
    return {
      key: step.key,
      waiting: at('active'),
      sent: Number(log('sent')?.n ?? 0),
      delivered: delivered[index]!,
      skipped: Number(log('skipped')?.n ?? 0),
      stopped: at('stopped'),
      purchases: Number(log('sent')?.bought ?? 0),
    }
  })
  const byStatus = (status: string) => sum(runs.filter((r) => r.status === status))
  return {
    entered: sum(runs),
    active: byStatus('active'),
    completed: byStatus('completed'),
    stopped: byStatus('stopped'),
    steps,
  }
}
