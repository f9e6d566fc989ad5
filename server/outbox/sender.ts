// Drains the outbox: claims due deliveries with a lease, skips who must not be messaged, sends identical content
// as multicast (≤ 500 ids) and the rest as push, each with its row's X-Line-Retry-Key, paced under the rate limit.
import type { messagingApi } from '@line/bot-sdk'
import type { Database } from '../../db/client'
import type { Delivery } from '../../db/schema'
import type { AppDeps } from '../env'
import { createPacer } from './pacer'
import { backoffDelayMs, classifySendError, maxAttempts, SendTimeoutError, type SendOutcome } from './policy'
import { checkQuotaBudget } from './quota'
import { loadRecipients, skipReason } from './recipients'
import { assignGroupKey, claimDue, writeResults, type RowResult } from './store'

/** LINE accepts at most 500 recipients per multicast. */
export const multicastMaxRecipients = 500

export interface SenderOptions {
  /** Requests per second to stay under (LINE documents 2,000 for push and multicast). */
  ratePerSecond?: number
  /** Requests in flight at once. */
  concurrency?: number
  /** Rows claimed per round trip to the database. */
  batchSize?: number
  /** How long a claim is held; a sender that dies lets its rows come due again after this. */
  leaseMs?: number
  /** A send with no answer after this is treated as a timeout and retried with the same retry key. */
  timeoutMs?: number
  /** Stop claiming new rows after this long (a cron run or interval tick must end). */
  maxDurationMs?: number
  /** Check the monthly quota before a drain with at least this many due messages. */
  quotaCheckThreshold?: number
  random?: () => number
}

export interface DrainReport {
  claimed: number
  sent: number
  retried: number
  failed: number
  dead: number
  skipped: number
  pushRequests: number
  multicastRequests: number
  /** Set when the monthly quota left less than what was due; the rest waits for the next run. */
  quotaLimited?: { remaining: number; due: number }
}

export const defaultSenderOptions = {
  ratePerSecond: 1950,
  concurrency: 64,
  batchSize: 1000,
  leaseMs: 5 * 60_000,
  timeoutMs: 15_000,
  maxDurationMs: 4 * 60_000,
  quotaCheckThreshold: 500,
} satisfies SenderOptions

interface Unit {
  kind: 'push' | 'multicast'
  rows: Delivery[]
  retryKey: string
}

/** Splits claimed rows into requests; rows with one contentHash never attempted before become multicasts. */
async function planUnits(db: Database, rows: Delivery[]): Promise<Unit[]> {
  const units: Unit[] = []
  const byKey = new Map<string, Delivery[]>()
  for (const row of rows) byKey.set(row.retryKey, [...(byKey.get(row.retryKey) ?? []), row])
  const fresh = new Map<string, Delivery[]>()
  for (const [retryKey, group] of byKey) {
    const row = group[0]!
    if (group.length > 1) units.push({ kind: 'multicast', rows: group, retryKey })
    else if (row.contentHash && row.attempts === 1)
      fresh.set(row.contentHash, [...(fresh.get(row.contentHash) ?? []), row])
    else units.push({ kind: 'push', rows: group, retryKey })
  }
  for (const same of fresh.values()) {
    for (let i = 0; i < same.length; i += multicastMaxRecipients) {
      const chunk = same.slice(i, i + multicastMaxRecipients)
      if (chunk.length === 1) {
        units.push({ kind: 'push', rows: chunk, retryKey: chunk[0]!.retryKey })
        continue
      }
      const retryKey = crypto.randomUUID()
      const kept = new Set(
        await assignGroupKey(
          db,
          chunk.map((r) => r.id),
          retryKey,
        ),
      )
      units.push({ kind: 'multicast', rows: chunk.filter((r) => kept.has(r.id)), retryKey })
    }
  }
  return units
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeoutError(ms)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

async function sendUnit(client: messagingApi.MessagingApiClient, unit: Unit, timeoutMs: number): Promise<SendOutcome> {
  const messages = unit.rows[0]!.messages as messagingApi.Message[]
  try {
    if (unit.kind === 'push') {
      await withTimeout(client.pushMessage({ to: unit.rows[0]!.lineUserId, messages }, unit.retryKey), timeoutMs)
    } else {
      const to = [...new Set(unit.rows.map((r) => r.lineUserId))]
      await withTimeout(client.multicast({ to, messages }, unit.retryKey), timeoutMs)
    }
    return { kind: 'sent' }
  } catch (err) {
    return classifySendError(err)
  }
}

function toResult(unit: Unit, outcome: SendOutcome, now: Date, random: () => number): RowResult {
  const ids = unit.rows.map((r) => r.id)
  if (outcome.kind === 'sent') return { status: 'sent', ids, note: outcome.note }
  if (outcome.kind === 'failed') return { status: 'failed', ids, error: outcome.error }
  const attempts = Math.max(...unit.rows.map((r) => r.attempts))
  if (attempts >= maxAttempts)
    return { status: 'dead', ids, error: `gave up after ${attempts} attempts: ${outcome.error}` }
  const delay = backoffDelayMs(attempts, random, outcome.retryAfterMs)
  return { status: 'pending', ids, error: outcome.error, nextAttemptAt: new Date(now.getTime() + delay) }
}

/** Sends every due delivery (within the quota and `maxDurationMs`) and records each outcome on its row. */
export async function drainOutbox(
  deps: Pick<AppDeps, 'db' | 'line' | 'clock'>,
  options: SenderOptions = {},
): Promise<DrainReport> {
  const o = { ...defaultSenderOptions, ...options }
  const random = options.random ?? Math.random
  const { db, clock } = deps
  const report: DrainReport = {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    dead: 0,
    skipped: 0,
    pushRequests: 0,
    multicastRequests: 0,
  }
  const started = performance.now()

  const quota = await checkQuotaBudget(deps, o.quotaCheckThreshold)
  if (quota.limited) report.quotaLimited = { remaining: quota.remaining, due: quota.due }
  let budget = quota.remaining

  const claim = async (): Promise<Delivery[]> => {
    if (budget <= 0 || performance.now() - started > o.maxDurationMs) return []
    const rows = await claimDue(db, clock(), Math.min(o.batchSize, budget), o.leaseMs)
    budget -= rows.length
    return rows
  }

  let buffered: RowResult[] = []
  let writing = Promise.resolve()
  const record = (result: RowResult, force = false) => {
    const n = result.ids.length
    if (result.status === 'sent') report.sent += n
    else if (result.status === 'pending') report.retried += n
    else report[result.status] += n
    buffered.push(result)
    if (force || buffered.reduce((sum, r) => sum + r.ids.length, 0) >= 500) flush()
  }
  const flush = () => {
    const batch = buffered
    buffered = []
    writing = writing.then(() => writeResults(db, batch, clock()))
  }

  const pacer = createPacer(o.ratePerSecond)
  const inFlight = new Set<Promise<void>>()
  let next = claim()
  for (;;) {
    const rows = await next
    if (rows.length === 0) break
    report.claimed += rows.length
    const recipients = await loadRecipients(
      db,
      rows.map((r) => r.lineUserId),
    )
    const sendable: Delivery[] = []
    for (const row of rows) {
      const reason = skipReason(row, recipients.get(row.lineUserId))
      if (reason) record({ status: 'skipped', ids: [row.id], error: reason })
      else sendable.push(row)
    }
    const units = await planUnits(db, sendable)
    next = claim()
    for (const unit of units) {
      if (unit.rows.length === 0) continue
      await pacer.take()
      while (inFlight.size >= o.concurrency) await Promise.race(inFlight)
      if (unit.kind === 'push') report.pushRequests++
      else report.multicastRequests++
      const work = sendUnit(deps.line.messaging, unit, o.timeoutMs).then((outcome) =>
        record(toResult(unit, outcome, clock(), random)),
      )
      const tracked = work.finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    }
  }
  await Promise.all(inFlight)
  flush()
  await writing
  return report
}
