// On Workers the cron does not send the outbox itself: it claims due rows with a lease and hands them to the outbox
// Queue, a chunk of rows per message; queue consumers (queue-consumer.ts) send them. `deliveries` stays the truth.
import type { AppDeps } from '../env'
import { richMenuDeliveryKind } from '../data/rich-menu-switches'
import { quietUntil, type QuietWindow } from './quiet-hours'
import { checkQuotaBudget } from './quota'
import { defaultSenderOptions } from './sender'
import { claimDue, deferHeldRows, writeResults, type ClaimedDelivery } from './store'

/**
 * One queue message: rows claimed together, named by ids and by the claim's lease (its token: a row claimed again
 * since has another lease, and a redelivered message for it then sends nothing).
 */
export interface OutboxClaimMessage {
  ids: number[]
  leaseUntil: number
}

/** The slice of a Queue producer binding used here. */
export interface OutboxQueue {
  sendBatch(messages: Iterable<{ body: OutboxClaimMessage }>): Promise<unknown>
}

export interface ProducerOptions {
  /** Rows per queue message, whole retry-key groups (a multicast's rows stay in one message, up to 500). */
  rowsPerMessage?: number
  /** Rows claimed per statement. */
  claimChunkSize?: number
  /** Rows handed on per run at most; the rest waits for the next run. */
  maxRows?: number
  /** How long consumers have to send a claim before a later run may claim its rows again. */
  leaseMs?: number
  quotaCheckThreshold?: number
  quiet?: QuietWindow | null
  /**
   * Only rows never held for quiet hours (receipts and other transactional messages), and no quota check: what a
   * request hands on at once instead of leaving it for the next cron run.
   */
  unheldOnly?: boolean
}

const defaultProducerOptions = {
  rowsPerMessage: 100,
  claimChunkSize: 500,
  maxRows: 100_000,
  leaseMs: 15 * 60_000,
  quotaCheckThreshold: defaultSenderOptions.quotaCheckThreshold,
} satisfies ProducerOptions

export interface EnqueueReport {
  claimed: number
  messages: number
  heldForQuietHours: number
  quotaLimited?: { remaining: number; due: number }
}

/** Queues accept at most 100 messages per `sendBatch`. */
const queueBatchLimit = 100

/** Packs claimed rows into messages of at most `size` rows; a retry-key group is never split (a bigger one goes alone). */
function packClaim(rows: readonly ClaimedDelivery[], size: number, leaseUntil: number): OutboxClaimMessage[] {
  const groups = new Map<string, number[]>()
  for (const row of rows) {
    const group = groups.get(row.retryKey)
    if (group) group.push(row.id)
    else groups.set(row.retryKey, [row.id])
  }
  const messages: OutboxClaimMessage[] = []
  let ids: number[] = []
  for (const group of groups.values()) {
    if (ids.length > 0 && ids.length + group.length > size) {
      messages.push({ ids, leaseUntil })
      ids = []
    }
    ids.push(...group)
  }
  if (ids.length > 0) messages.push({ ids, leaseUntil })
  return messages
}

/** Claims what is due at `now` (within the month's quota and quiet hours) and hands it to `queue`. */
export async function enqueueDueDeliveries(
  deps: Pick<AppDeps, 'db' | 'line' | 'clock'>,
  queue: OutboxQueue,
  now: Date,
  options: ProducerOptions = {},
): Promise<EnqueueReport> {
  const o = { ...defaultProducerOptions, ...options }
  const report: EnqueueReport = { claimed: 0, messages: 0, heldForQuietHours: 0 }
  const quota = o.unheldOnly ? { remaining: Infinity } : await checkQuotaBudget(deps, o.quotaCheckThreshold)
  if ('limited' in quota && quota.limited) report.quotaLimited = { remaining: quota.remaining, due: quota.due }
  let budget = quota.remaining
  const until = o.unheldOnly ? null : quietUntil(now, options.quiet)
  if (until) report.heldForQuietHours = await deferHeldRows(deps.db, now, until)
  while (report.claimed < o.maxRows && budget > 0) {
    const limit = Math.min(o.claimChunkSize, o.maxRows - report.claimed, budget)
    const rows = await claimDue(deps.db, now, limit, o.leaseMs, { skipHeld: until !== null || o.unheldOnly })
    if (rows.length === 0) break
    report.claimed += rows.length
    budget -= rows.filter((r) => r.kind !== richMenuDeliveryKind).length
    const messages = packClaim(rows, o.rowsPerMessage, now.getTime() + o.leaseMs)
    for (let i = 0; i < messages.length; i += queueBatchLimit) {
      const part = messages.slice(i, i + queueBatchLimit)
      try {
        await queue.sendBatch(part.map((body) => ({ body })))
        report.messages += part.length
      } catch (err) {
        // Not handed on: due again at once for the next run rather than after the lease.
        const error = `queue: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000)
        const ids = part.flatMap((m) => m.ids)
        await writeResults(deps.db, [{ status: 'pending', ids, error, nextAttemptAt: now }], deps.clock())
        throw err
      }
    }
    if (rows.length < limit) break
  }
  return report
}

/**
 * On Workers with the outbox Queue: hands what a request just wrote (a checkout's receipt) to the Queue at once, in
 * the background, instead of leaving it for the next cron run. `deliveries` stays the truth: a failure here leaves
 * the rows due for the cron.
 */
export function handOnNow(deps: Pick<AppDeps, 'db' | 'line' | 'clock' | 'background' | 'outboxQueue'>): void {
  if (!deps.outboxQueue) return
  deps.background(enqueueDueDeliveries(deps, deps.outboxQueue, deps.clock(), { unheldOnly: true, maxRows: 100 }))
}
