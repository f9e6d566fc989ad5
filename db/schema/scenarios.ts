// Step scenarios (ステップ配信): what an admin composed (`scenarios`), each member's run through one
// (`scenario_enrolments`) and what every step did for it (`scenario_step_log`, the console's per-step counts).
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { ScenarioStartTag, ScenarioStep, ScenarioStop, ScenarioTrigger } from '../../server/domain/scenario'
import { createdAt, instant, rowId, rowOf } from './columns'

export const scenarios = sqliteTable('scenarios', {
  id: rowId(),
  name: text().notNull(),
  /** The domain event kind a run starts on. */
  trigger: text().$type<ScenarioTrigger>().notNull(),
  /** With `member.tagged`: the tag (and optionally its value) that starts a run; null: any tag. */
  startTag: text({ mode: 'json' }).$type<ScenarioStartTag>(),
  status: text({ enum: ['active', 'paused'] })
    .notNull()
    .default('paused'),
  /** A member may run through it again once their run ended; otherwise at most once ever. */
  reentry: integer({ mode: 'boolean' }).notNull().default(false),
  stopOn: text({ mode: 'json' }).$type<ScenarioStop[]>().notNull(),
  steps: text({ mode: 'json' }).$type<ScenarioStep[]>().notNull(),
  /** The highest step key ever given, so a removed step's key is never reused. */
  lastStepKey: integer().notNull().default(0),
  createdBy: text().notNull(),
  createdAt: createdAt(),
  updatedAt: instant().notNull(),
})

export const enrolmentStatuses = ['active', 'completed', 'stopped'] as const

export const scenarioEnrolments = sqliteTable(
  'scenario_enrolments',
  {
    id: rowId(),
    scenarioId: rowOf(() => scenarios.id),
    /** Who runs through it: `member:<id>`, or `line:<user id>` for a friend with no membership yet. */
    subject: text().notNull(),
    memberId: integer(),
    lineUserId: text(),
    /** The domain event that started the run: one run per event and scenario. */
    eventId: integer().notNull(),
    status: text({ enum: enrolmentStatuses }).notNull().default('active'),
    /** Index into the scenario's steps of the next one to take. */
    step: integer().notNull().default(0),
    /** When that step is due. */
    nextAt: instant().notNull(),
    /** `purchase`, `link`, `unfollow`, or `unreachable` (no LINE account to send to). */
    stopReason: text(),
    startedAt: instant().notNull(),
    updatedAt: instant().notNull(),
  },
  (t) => [
    uniqueIndex('scenario_enrolments_event_idx').on(t.scenarioId, t.eventId),
    index('scenario_enrolments_subject_idx').on(t.scenarioId, t.subject),
    index('scenario_enrolments_due_idx').on(t.status, t.nextAt),
  ],
)

export const stepOutcomes = ['sent', 'skipped'] as const

export const scenarioStepLog = sqliteTable(
  'scenario_step_log',
  {
    enrolmentId: integer().notNull(),
    scenarioId: integer().notNull(),
    stepKey: integer().notNull(),
    memberId: integer(),
    /** `sent`: its message was put in the outbox; `skipped`: the member did not match the step's segment. */
    outcome: text({ enum: stepOutcomes }).notNull(),
    at: instant().notNull(),
  },
  (t) => [
    uniqueIndex('scenario_step_log_pk').on(t.enrolmentId, t.stepKey),
    index('scenario_step_log_step_idx').on(t.scenarioId, t.stepKey),
  ],
)

export type Scenario = typeof scenarios.$inferSelect
export type ScenarioEnrolment = typeof scenarioEnrolments.$inferSelect
