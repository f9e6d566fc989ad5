// The month's message quota, checked before a large send so a campaign does not run into LINE's monthly limit.
import type { AppDeps } from '../env'
import type { LinePlatform } from '../line/platform'
import { countDue } from './store'

export interface QuotaBudget {
  /** Messages that may be sent in this run (Infinity when unlimited or not checked). */
  remaining: number
  due: number
  limited: boolean
}

/** Asks LINE for quota and consumption when at least `threshold` messages are due; small sends skip the calls. */
export async function checkQuotaBudget(
  deps: Pick<AppDeps, 'db' | 'clock'> & { line: Pick<LinePlatform, 'messaging'> },
  threshold: number,
): Promise<QuotaBudget> {
  const due = await countDue(deps.db, deps.clock())
  if (due < threshold) return { remaining: Infinity, due, limited: false }
  try {
    const [quota, consumption] = await Promise.all([
      deps.line.messaging.getMessageQuota(),
      deps.line.messaging.getMessageQuotaConsumption(),
    ])
    if (quota.type !== 'limited' || quota.value === undefined) return { remaining: Infinity, due, limited: false }
    const remaining = Math.max(0, quota.value - consumption.totalUsage)
    return { remaining, due, limited: remaining < due }
  } catch (err) {
    // The quota endpoints failing must not stop transactional messages; LINE still refuses sends over the limit.
    console.warn(
      `outbox: quota check failed (${err instanceof Error ? err.message : String(err)}), sending without a budget`,
    )
    return { remaining: Infinity, due, limited: false }
  }
}
