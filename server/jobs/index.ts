// Scheduled work, run by the Workers cron (`scheduled`) and by an interval on Node.
import { expireDueLots } from '../data/point-expiry'
import type { AppDeps } from '../env'

export type JobReport = Record<string, unknown>

export async function runScheduledJobs(deps: AppDeps, now: Date): Promise<JobReport> {
  const expired = await expireDueLots(deps.db, now)
  return { expiredLots: expired.lots, expiredPoints: expired.points }
}
