// Scheduled work, run by the Workers cron (`scheduled`) and by an interval on Node.
import { dispatchDueCampaigns } from '../data/campaigns'
import { expireDueLots } from '../data/point-expiry'
import { refreshAllRanks } from '../data/ranks'
import { loadSettings } from '../data/settings'
import type { AppDeps } from '../env'
import { runMessagingJobs } from './messaging'
import { reconcileRichMenus } from './rich-menu-reconciliation'

export type JobReport = Record<string, unknown>

/** `frequent` runs every few minutes; `daily` once a day in the small hours (03:00 in the shop's time zone). */
export type JobSchedule = 'frequent' | 'daily'

export async function runScheduledJobs(
  deps: AppDeps,
  now: Date,
  schedule: JobSchedule = 'frequent',
): Promise<JobReport> {
  const report: JobReport = {}
  const expired = await expireDueLots(deps.db, now)
  report.expiredLots = expired.lots
  report.expiredPoints = expired.points
  const settings = await loadSettings(deps.db)
  if (schedule === 'daily') {
    report.rankChanges = await refreshAllRanks(deps.db, settings.ranks, now)
    // Before the drain below, which then sends the corrective rows it plans.
    report.richMenus = await reconcileRichMenus(deps, now)
  }
  report.campaigns = await dispatchDueCampaigns(deps, now)
  report.messaging = await runMessagingJobs(deps, settings, now, schedule)
  return report
}
