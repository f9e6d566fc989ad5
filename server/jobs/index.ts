// Scheduled work, run by the Workers cron (`scheduled`) and by an interval on Node.
import { affectedRows } from '../../db/affected-rows'
import { dispatchDueCampaigns } from '../data/campaigns'
import { backfillDeliverySources } from '../data/delivery-sources'
import { expireDueLots, expiryChunkSize } from '../data/point-expiry'
import { rankChunkSize, rankRefreshChunk } from '../data/ranks'
import { addToRetentionReport, pruneChunk, retentionChunk, type RetentionReport } from '../data/retention'
import { claimJobPeriod, finishJobPeriod, releaseJobPeriod } from '../data/job-runs'
import { loadSettings, loadTimeZone } from '../data/settings'
import { localParts } from '../domain/time-zone'
import type { AppDeps } from '../env'
import { planOutgoingWebhooks } from '../outgoing-webhooks/plan'
import { sendDueDeliveries } from '../outgoing-webhooks/send'
import { sendDueForwards } from '../webhook/forward'
import { processDueWebhookEvents } from '../webhook/process'
import { planCartReminders } from './cart-reminders'
import { planItemAlerts } from './item-alerts'
import { runChunked, unlimitedBudget, type JobBudget } from './chunked'
import { expireCoupons } from '../usecases/coupon-expire'
import { runMessagingJobs } from './messaging'
import { insightChunk, insightChunkSize } from './message-insight'
import { reconcileRichMenus } from './rich-menu-reconciliation'

export type JobReport = Record<string, unknown>

/** `frequent` runs every few minutes; `daily` once a day in the small hours (03:00 in the shop's time zone). */
export type JobSchedule = 'frequent' | 'daily'

/** Shop time (HH:MM) from which a day's daily jobs are due; the first run after it does them. */
export const dailyJobsFrom = '03:00'

/** A daily run not finished after this long is taken to have died (a cron invocation lasts at most 15 minutes). */
const dailyLeaseMs = 30 * 60_000

export interface JobRunOptions {
  /** What this invocation may do (chunks of the bounded jobs); unset: everything, as on Node. */
  budget?: JobBudget
}

/**
 * What every runner calls (the Workers cron every 5 minutes, Node's interval): the frequent jobs, plus the daily ones
 * from the first run at or after 03:00 shop time each shop day, claimed in the database so that exactly one runner
 * does them whatever the runtime, the number of servers or restarts. The daily jobs go in chunks as far as the
 * budget allows; a run that stops at its budget (or fails) gives its claim back and the next one goes on from the
 * jobs' cursors, until all of them got through and the day is finished.
 */
export async function runDueJobs(deps: AppDeps, now: Date, options: JobRunOptions = {}): Promise<JobReport> {
  const budget = options.budget ?? unlimitedBudget()
  const { date, time } = localParts(now, await loadTimeZone(deps.db, deps.config))
  const daily = time >= dailyJobsFrom && (await claimJobPeriod(deps.db, 'daily', date, now, dailyLeaseMs))
  if (!daily) return runScheduledJobs(deps, now, 'frequent', { budget })
  try {
    const report = await runScheduledJobs(deps, now, 'daily', { budget, period: date })
    if (report.dailyDone) await finishJobPeriod(deps.db, 'daily', date, deps.clock())
    else await releaseJobPeriod(deps.db, 'daily', date)
    return report
  } catch (err) {
    await releaseJobPeriod(deps.db, 'daily', date)
    throw err
  }
}

export async function runScheduledJobs(
  deps: AppDeps,
  now: Date,
  schedule: JobSchedule = 'frequent',
  options: JobRunOptions & { period?: string } = {},
): Promise<JobReport> {
  const { db } = deps
  const budget = options.budget ?? unlimitedBudget()
  // Without a claimed period (a direct call), the run is a pass of its own: its cursors start afresh.
  const daily = { budget, period: options.period ?? `pass:${now.toISOString()}` }
  const rows = budget.rowsPerStep
  const report: JobReport = {}
  report.webhookEvents = await processDueWebhookEvents(deps, now)
  report.webhookForwards = await sendDueForwards(deps, now)
  // Out to the shop's own systems: new events planned (from the webhooks' cursor, within the budget), then due ones sent.
  const outgoing = await planOutgoingWebhooks(deps, now, budget)
  report.outgoingWebhooks = { planned: outgoing.planned, ...(await sendDueDeliveries(deps, now)) }
  // Resumable without a cursor: the lots still due are where the next run goes on.
  const expiryChunk = rows ?? expiryChunkSize
  const expired = await expireDueLots(db, now, { chunkSize: expiryChunk, maxChunks: budget.steps })
  budget.steps -= Math.ceil(expired.lots / expiryChunk)
  report.expiredLots = expired.lots
  report.expiredPoints = expired.points
  if (expired.more) report.expiredMore = true
  const settings = await loadSettings(db)
  let dailyDone = true
  if (schedule === 'daily') {
    const ranks = await runChunked(db, 'daily:ranks', daily.period, budget, now, async (from) => {
      const chunk = await rankRefreshChunk(
        db,
        settings.ranks,
        now,
        from,
        rows ?? rankChunkSize,
        settings.couponRules.rankUp,
      )
      return { next: chunk.next, writes: chunk.writes ? [...chunk.writes] : [], counted: (r) => affectedRows(r[0]) }
    })
    report.rankChanges = ranks.count
    // Before the drain below, which then sends the corrective rows it plans. One step a day: it keeps its own cursor.
    const richMenus = await runChunked(db, 'daily:rich-menus', daily.period, budget, now, async () => {
      report.richMenus = await reconcileRichMenus(deps, now)
      return { next: null }
    })
    const retention: Partial<RetentionReport> = {}
    const pruned = await runChunked(db, 'daily:retention', daily.period, budget, now, async (at) => {
      const step = await pruneChunk(db, settings.retention, now, at, rows ?? retentionChunk)
      if (step) addToRetentionReport(retention, step, settings.retention)
      return { next: step?.next ?? null }
    })
    report.retention = retention
    const insights = await runChunked(db, 'daily:message-insight', daily.period, budget, now, (after) =>
      insightChunk(deps, now, after, rows ?? insightChunkSize),
    )
    report.messageInsight = insights.count
    // Once, not per day: the deliveries written before they had a source (migration 0038) get theirs.
    const sources = await runChunked(db, 'backfill:delivery-sources', 'once', budget, now, (after) =>
      backfillDeliverySources(db, after, rows),
    )
    if (sources.count > 0) report.deliverySources = sources.count
    dailyDone = ranks.done && richMenus.done && pruned.done && insights.done && sources.done
  }
  report.expiredCoupons = (await expireCoupons({ db, clock: () => now })).expired
  report.campaigns = await dispatchDueCampaigns(deps, now)
  report.cartReminders = (await planCartReminders(db, now, budget)).count
  report.itemAlerts = (await planItemAlerts(db, now, budget)).planned
  const messaging = await runMessagingJobs(deps, settings, now, schedule, daily)
  report.messaging = messaging.report
  if (schedule === 'daily') report.dailyDone = dailyDone && messaging.done && !expired.more
  return report
}
