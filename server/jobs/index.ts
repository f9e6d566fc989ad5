// Scheduled work, run by the Workers cron (`scheduled`) and by an interval on Node.
import { dispatchDueCampaigns } from '../data/campaigns'
import { expireDueLots } from '../data/point-expiry'
import { refreshAllRanks } from '../data/ranks'
import { pruneExpiredRows } from '../data/retention'
import { claimJobPeriod, finishJobPeriod, releaseJobPeriod } from '../data/job-runs'
import { loadSettings } from '../data/settings'
import { localParts } from '../domain/time-zone'
import type { AppDeps } from '../env'
import { sendDueForwards } from '../webhook/forward'
import { processDueWebhookEvents } from '../webhook/process'
import { runMessagingJobs } from './messaging'
import { reconcileRichMenus } from './rich-menu-reconciliation'

export type JobReport = Record<string, unknown>

/** `frequent` runs every few minutes; `daily` once a day in the small hours (03:00 in the shop's time zone). */
export type JobSchedule = 'frequent' | 'daily'

/** Shop time (HH:MM) from which a day's daily jobs are due; the first run after it does them. */
export const dailyJobsFrom = '03:00'

/** A daily run not finished after this long is taken to have died (a cron invocation lasts at most 15 minutes). */
const dailyLeaseMs = 30 * 60_000

/**
 * What every runner calls (the Workers cron every 5 minutes, Node's interval): the frequent jobs, plus the daily ones
 * on the first run at or after 03:00 shop time each shop day, claimed in the database so that exactly one runner
 * does them whatever the runtime, the number of servers or restarts. A daily run that fails gives its claim back.
 */
export async function runDueJobs(deps: AppDeps, now: Date): Promise<JobReport> {
  const { date, time } = localParts(now, deps.config.timeZone)
  const daily = time >= dailyJobsFrom && (await claimJobPeriod(deps.db, 'daily', date, now, dailyLeaseMs))
  if (!daily) return runScheduledJobs(deps, now, 'frequent')
  try {
    const report = await runScheduledJobs(deps, now, 'daily')
    await finishJobPeriod(deps.db, 'daily', date, deps.clock())
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
): Promise<JobReport> {
  const report: JobReport = {}
  report.webhookEvents = await processDueWebhookEvents(deps, now)
  report.webhookForwards = await sendDueForwards(deps, now)
  const expired = await expireDueLots(deps.db, now)
  report.expiredLots = expired.lots
  report.expiredPoints = expired.points
  const settings = await loadSettings(deps.db)
  if (schedule === 'daily') {
    report.rankChanges = await refreshAllRanks(deps.db, settings.ranks, now)
    // Before the drain below, which then sends the corrective rows it plans.
    report.richMenus = await reconcileRichMenus(deps, now)
    report.retention = await pruneExpiredRows(deps.db, settings.retention, now)
  }
  report.campaigns = await dispatchDueCampaigns(deps, now)
  report.messaging = await runMessagingJobs(deps, settings, now, schedule)
  return report
}
