// The messaging part of the scheduled jobs: plan what is due into the outbox, then drain the outbox (or, on
// Workers with an outbox Queue, hand what is due to it). `done` is false while a daily planner still has members to
// go (its cursor carries on in the next invocation).
import { affectedRows } from '../../db/affected-rows'
import { couponsUrl } from '../data/coupon-copies'
import { birthdayChunkSize, birthdayPlan, planBirthdayChunk } from '../data/birthday-planner'
import { planBalanceNoticesChunk, planExpiryWarningsChunk, planRankMessages } from '../data/point-notice-planner'
import { planReservationReminders } from '../data/reminder-planner'
import { timeZoneOf, type ShopSettings } from '../data/settings'
import type { AppDeps } from '../env'
import { clickTracking } from '../data/campaign-clicks'
import { enqueueDueDeliveries } from '../outbox/queue-producer'
import { drainOutbox, type SenderOptions } from '../outbox/sender'
import { liffUrl } from '../liff-url'
import { runChunked, type DailyRun } from './chunked'
import { runScenarioJobs } from './scenarios'

/** Members per chunk of the daily notice planners. */
const plannerChunk = 1000

export async function runMessagingJobs(
  deps: AppDeps,
  settings: ShopSettings,
  now: Date,
  schedule: 'frequent' | 'daily',
  daily: DailyRun,
  sender: SenderOptions = {},
): Promise<{ report: Record<string, unknown>; done: boolean }> {
  const quiet = settings.messaging.quietHours
  const timeZone = timeZoneOf(settings, deps.config)
  const ctx = {
    quiet,
    timeZone,
    cardLink: liffUrl(deps.config),
    couponsLink: couponsUrl(deps.config),
    ranks: settings.ranks,
  }
  const reminders = await planReservationReminders(deps.db, quiet, now)
  const planned: Record<string, number> = {
    reminders: reminders.planned,
    rankMessages: await planRankMessages(deps.db, ctx, now),
  }
  const scenarios = await runScenarioJobs(
    deps,
    { quiet: { hours: quiet, timeZone }, ranks: settings.ranks },
    now,
    daily.budget,
  )
  let done = true
  if (schedule === 'daily') {
    const { budget, period } = daily
    const limit = budget.rowsPerStep ?? plannerChunk
    const warnings = await runChunked(deps.db, 'daily:expiry-warnings', period, budget, now, (after) =>
      planExpiryWarningsChunk(deps.db, ctx, now, { after, limit }).then((c) => ({ next: c.next, count: c.planned })),
    )
    const notices = await runChunked(deps.db, 'daily:balance-notices', period, budget, now, (after) =>
      planBalanceNoticesChunk(deps.db, ctx, now, { after, limit }).then((c) => ({ next: c.next, count: c.planned })),
    )
    const plan = await birthdayPlan(deps.db, deps.config, settings, timeZone, quiet)
    const birthdays = plan
      ? await runChunked(deps.db, 'daily:birthdays', period, budget, now, async (after) => {
          const chunk = await planBirthdayChunk(deps.db, plan, now, {
            after,
            limit: budget.rowsPerStep ?? birthdayChunkSize,
          })
          return { next: chunk.next, writes: chunk.writes, counted: (r) => affectedRows(r.at(-1)) }
        })
      : { done: true, count: 0 }
    planned.expiryWarnings = warnings.count
    planned.balanceNotices = notices.count
    planned.birthdays = birthdays.count
    done = warnings.done && notices.done && birthdays.done
  }
  const window = { hours: quiet, timeZone }
  const outbox = deps.outboxQueue
    ? await enqueueDueDeliveries(deps, deps.outboxQueue, now, { quiet: window })
    : await drainOutbox(deps, { quiet: window, clicks: clickTracking(deps.config), ...sender })
  return { report: { planned, scenarios, outbox }, done }
}
