// The messaging part of the scheduled jobs: plan what is due into the outbox, then drain the outbox (or, on
// Workers with an outbox Queue, hand what is due to it).
import { planBalanceNotices, planExpiryWarnings, planRankMessages } from '../data/point-notice-planner'
import { planReservationReminders } from '../data/reminder-planner'
import type { ShopSettings } from '../data/settings'
import type { AppDeps } from '../env'
import { cardUrl } from '../messages/format'
import { enqueueDueDeliveries } from '../outbox/queue-producer'
import { drainOutbox, type SenderOptions } from '../outbox/sender'

export async function runMessagingJobs(
  deps: AppDeps,
  settings: ShopSettings,
  now: Date,
  schedule: 'frequent' | 'daily',
  sender: SenderOptions = {},
): Promise<Record<string, unknown>> {
  const quiet = settings.messaging.quietHours
  const ctx = { quiet, timeZone: deps.config.timeZone, cardLink: cardUrl(deps.config), ranks: settings.ranks }
  const reminders = await planReservationReminders(deps.db, quiet, now)
  const planned: Record<string, number> = {
    reminders: reminders.planned,
    rankMessages: await planRankMessages(deps.db, ctx, now),
  }
  if (schedule === 'daily') {
    planned.expiryWarnings = await planExpiryWarnings(deps.db, ctx, now)
    planned.balanceNotices = await planBalanceNotices(deps.db, ctx, now)
  }
  const window = { hours: quiet, timeZone: deps.config.timeZone }
  const outbox = deps.outboxQueue
    ? await enqueueDueDeliveries(deps, deps.outboxQueue, now, { quiet: window })
    : await drainOutbox(deps, { quiet: window, ...sender })
  return { planned, outbox }
}
