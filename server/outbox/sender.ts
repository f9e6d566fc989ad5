// Drains the outbox: claims due deliveries with a lease, skips who must not be messaged, sends identical content
// as multicast (≤ 500 ids) and the rest as push, each with its row's X-Line-Retry-Key, paced under the rate limit;
// `rich_menu` rows switch the user's rich menu instead (rich-menu.ts).
import type { messagingApi } from '@line/bot-sdk'
import type { Database } from '../../db/client'
import type { AppDeps } from '../env'
import type { LinePlatform } from '../line/platform'
import { richMenuDeliveryKind } from '../data/rich-menu-switches'
import { loadRichMenuIds, type RichMenuIds } from '../rich-menus/ids'
import { deliveryMessages, type ClickTracking } from '../data/campaign-clicks'
import { createPacer } from './pacer'
import { classifySendError, createTimeoutSweep, resultOf, type SendOutcome, type Timeout } from './policy'
import { quietUntil, type QuietWindow } from './quiet-hours'
import { checkQuotaBudget } from './quota'
import { loadRecipients, skipReason, type Recipient } from './recipients'
import { richMenuResult, sendRichMenu } from './rich-menu'
import {
  assignGroupKey,
  claimDue,
  claimRichMenuRows,
  deferHeldRows,
  writeResults,
  type ClaimedDelivery,
  type RowResult,
} from './store'

/** What the sender needs: the database, the clock, and of LINE only the SDK's client and the plain push. */
export type OutboxDeps = Pick<AppDeps, 'db' | 'clock'> & { line: Pick<LinePlatform, 'messaging' | 'push'> }

/** LINE accepts at most 500 recipients per multicast. */
export const multicastMaxRecipients = 500

export interface SenderOptions {
  /** Requests per second to stay under (LINE documents 2,000 for push and multicast). */
  ratePerSecond?: number
  /**
   * Requests in flight at once. Enough for the rate at LINE's round trip: 1,950 req/s × ~100 ms ≈ 200 (with 64,
   * a 100 ms round trip would cap the sender at 640 req/s), and room to catch up after a stall.
   */
  concurrency?: number
  /** Rows planned together (identical content among them is grouped into multicasts of up to 500). */
  batchSize?: number
  /**
   * A batch is claimed this many rows per statement, yielding to the event loop in between: an embedded libsql
   * statement runs synchronously, and one claim of 1,000 rows would stop every request in flight for tens of ms.
   */
  claimChunkSize?: number
  /** Outcomes are written to the database this many rows at a time. */
  writeBatchSize?: number
  /** How long a claim is held; a sender that dies lets its rows come due again after this. */
  leaseMs?: number
  /** A send with no answer after this is treated as a timeout and retried with the same retry key. */
  timeoutMs?: number
  /** Stop claiming new rows after this long (a cron run or interval tick must end). */
  maxDurationMs?: number
  /** Check the monthly quota before a drain with at least this many due messages. */
  quotaCheckThreshold?: number
  random?: () => number
  /** The shop's quiet hours: rows held in them (campaigns, point notices) are not released inside them. */
  quiet?: QuietWindow | null
  /** Where links of scenario steps and triggers are counted: their rows then go out one by one (push). */
  clicks?: ClickTracking
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
  /** Rich-menu link and unlink calls (`rich_menu` rows). */
  richMenuRequests: number
  /** Held rows that came due inside quiet hours and now wait for their end. */
  heldForQuietHours: number
  /** Set when the monthly quota left less than what was due; the rest waits for the next run. */
  quotaLimited?: { remaining: number; due: number }
}

/** A report of nothing done yet, to count into. */
export function emptyDrainReport(): DrainReport {
  return {
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    dead: 0,
    skipped: 0,
    pushRequests: 0,
    multicastRequests: 0,
    richMenuRequests: 0,
    heldForQuietHours: 0,
  }
}

export const defaultSenderOptions = {
  ratePerSecond: 1950,
  concurrency: 256,
  batchSize: 1000,
  claimChunkSize: 125,
  writeBatchSize: 250,
  leaseMs: 5 * 60_000,
  timeoutMs: 15_000,
  maxDurationMs: 4 * 60_000,
  quotaCheckThreshold: 500,
} satisfies SenderOptions

export interface Unit {
  kind: 'push' | 'multicast'
  rows: ClaimedDelivery[]
  retryKey: string
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/**
 * Whether the sender rewrites this row's links to its own click codes: a reported row that is no campaign's (campaign
 * rows carry their codes from the enqueue) and has a link. Such a row goes out alone.
 */
export const tracksLinks = (row: Pick<ClaimedDelivery, 'source' | 'messagesJson'>, clicks: ClickTracking | undefined) =>
  clicks !== undefined &&
  row.source !== null &&
  !row.source.startsWith('campaign:') &&
  row.messagesJson.includes('https://')

/** Splits claimed rows into requests; rows with one contentHash never attempted before become multicasts. */
export async function planUnits(db: Database, rows: ClaimedDelivery[], clicks?: ClickTracking): Promise<Unit[]> {
  const units: Unit[] = []
  const fresh: ClaimedDelivery[] = []
  for (const [retryKey, group] of groupBy(rows, (r) => r.retryKey)) {
    const row = group[0]!
    if (group.length > 1) units.push({ kind: 'multicast', rows: group, retryKey })
    else if (row.contentHash && row.attempts === 1 && !tracksLinks(row, clicks)) fresh.push(row)
    else units.push({ kind: 'push', rows: group, retryKey })
  }
  for (const same of groupBy(fresh, (r) => r.contentHash!).values()) {
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

/** Lets timers and I/O callbacks run (requests in flight complete) before the caller goes on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)))
}

/** At most `size` holders at once; waiters are served in order. */
function createSlots(size: number): { acquire(): Promise<void>; release(): void } {
  let free = size
  const waiting: (() => void)[] = []
  return {
    acquire() {
      if (free > 0) {
        free--
        return Promise.resolve()
      }
      return new Promise((resolve) => waiting.push(resolve))
    },
    release() {
      const wake = waiting.shift()
      if (wake) wake()
      else free++
    },
  }
}

/**
 * Sends one unit: a push through `line.push` (the lean call, server/line/push.ts), a multicast through the SDK.
 * `timeout` bounds the wait for LINE's answer.
 */
export async function sendUnit(
  line: Pick<LinePlatform, 'messaging' | 'push'>,
  unit: Unit,
  timeout: Timeout,
  clicks?: ClickTracking,
): Promise<SendOutcome> {
  try {
    const row = unit.rows[0]!
    if (unit.kind === 'push') {
      const messagesJson = tracksLinks(row, clicks)
        ? JSON.stringify(deliveryMessages(clicks!, row.id, JSON.parse(row.messagesJson) as messagingApi.Message[]))
        : row.messagesJson
      await timeout(line.push(row.lineUserId, messagesJson, unit.retryKey))
      return { kind: 'sent' }
    }
    const stored = JSON.parse(row.messagesJson) as messagingApi.Message[]
    const to = [...new Set(unit.rows.map((r) => r.lineUserId))]
    // LINE's request id names the multicast in its insight later (server/jobs/message-insight.ts).
    const sent = await timeout(line.messaging.multicastWithHttpInfo({ to, messages: stored }, unit.retryKey))
    const requestId = sent.httpResponse.headers.get('x-line-request-id')
    return requestId ? { kind: 'sent', requestId } : { kind: 'sent' }
  } catch (err) {
    return classifySendError(err)
  }
}

/** Sends every due delivery (within the quota and `maxDurationMs`) and records each outcome on its row. */
export async function drainOutbox(deps: OutboxDeps, options: SenderOptions = {}): Promise<DrainReport> {
  const o = { ...defaultSenderOptions, ...options }
  const random = options.random ?? Math.random
  const { db, clock } = deps
  const report = emptyDrainReport()
  const started = performance.now()

  const quota = await checkQuotaBudget(deps, o.quotaCheckThreshold)
  if (quota.limited) report.quotaLimited = { remaining: quota.remaining, due: quota.due }
  let budget = quota.remaining

  /** Claims a batch chunk by chunk with the recipients of each, letting requests in flight progress in between. */
  const claim = async (): Promise<{ rows: ClaimedDelivery[]; recipients: Map<string, Recipient> }> => {
    const rows: ClaimedDelivery[] = []
    const recipients = new Map<string, Recipient>()
    while (rows.length < o.batchSize && budget > 0 && performance.now() - started <= o.maxDurationMs) {
      const limit = Math.min(o.claimChunkSize, o.batchSize - rows.length, budget)
      const now = clock()
      const until = quietUntil(now, options.quiet)
      if (until) report.heldForQuietHours += await deferHeldRows(db, now, until)
      const chunk = await claimDue(db, now, limit, o.leaseMs, { skipHeld: until !== null })
      budget -= chunk.filter((r) => r.kind !== richMenuDeliveryKind).length
      for (const row of chunk) rows.push(row)
      const found = await loadRecipients(
        db,
        chunk.map((r) => r.lineUserId),
      )
      for (const [id, recipient] of found) recipients.set(id, recipient)
      if (chunk.length < limit) break
      await yieldToEventLoop()
    }
    return { rows, recipients }
  }

  let buffered: RowResult[] = []
  let bufferedRows = 0
  let writing = Promise.resolve()
  const record = (result: RowResult) => {
    const n = result.ids.length
    if (result.status === 'sent') report.sent += n
    else if (result.status === 'pending') report.retried += n
    else report[result.status] += n
    buffered.push(result)
    bufferedRows += n
    if (bufferedRows >= o.writeBatchSize) flush()
  }
  const flush = () => {
    const batch = buffered
    buffered = []
    bufferedRows = 0
    writing = writing.then(() => writeResults(db, batch, clock()))
  }

  // One timer for all of the drain's requests, as in the Workers consumer (policy.ts, createTimeoutSweep).
  const timeout = createTimeoutSweep(o.timeoutMs)
  const pacer = createPacer(o.ratePerSecond)
  // LINE limits each endpoint on its own (link and unlink a rich menu: 2,000 requests/s each, apart from push's),
  // so these calls have their own pacer; one for both keeps them under either limit.
  const richMenuPacer = createPacer(o.ratePerSecond)
  let richMenuIds: Promise<RichMenuIds | null> | undefined
  const slots = createSlots(o.concurrency)
  const inFlight = new Set<Promise<void>>()
  const track = (work: Promise<void>) => {
    const tracked: Promise<void> = work.finally(() => {
      inFlight.delete(tracked)
      slots.release()
    })
    inFlight.add(tracked)
  }
  const sendMenus = async (menus: ClaimedDelivery[]) => {
    if (menus.length > 0) richMenuIds ??= loadRichMenuIds(db)
    for (const row of menus) {
      const ids = await richMenuIds!
      await slots.acquire()
      await richMenuPacer.take()
      report.richMenuRequests++
      track(
        sendRichMenu(deps.line.messaging, row, ids, timeout).then((outcome) =>
          record(richMenuResult(row, outcome, clock(), random)),
        ),
      )
    }
  }
  let next = claim()
  for (;;) {
    const { rows, recipients } = await next
    if (rows.length === 0) break
    report.claimed += rows.length
    const sendable: ClaimedDelivery[] = []
    const menus: ClaimedDelivery[] = []
    for (const row of rows) {
      // A rich menu is not a message: blocked users and opt-outs do not stop it (a blocked user who comes back must
      // find the right menu).
      if (row.kind === richMenuDeliveryKind) {
        menus.push(row)
        continue
      }
      const reason = skipReason(row, recipients.get(row.lineUserId))
      if (reason) record({ status: 'skipped', ids: [row.id], error: reason })
      else sendable.push(row)
    }
    const units = await planUnits(db, sendable, options.clicks)
    // The next batch is claimed while this one is sent: its chunks run between these requests.
    next = claim()
    for (const unit of units) {
      if (unit.rows.length === 0) continue
      // A free slot first, then the pacer: the request starts at the moment the pacer counted it.
      await slots.acquire()
      await pacer.take()
      if (unit.kind === 'push') report.pushRequests++
      else report.multicastRequests++
      track(
        sendUnit(deps.line, unit, timeout, options.clicks).then((outcome) =>
          record(resultOf(unit.rows, outcome, clock(), random)),
        ),
      )
    }
    await sendMenus(menus)
  }
  // Claims stop where the month's quota does; rich menus use none, so theirs are claimed on their own.
  if (report.quotaLimited) {
    const menus = await claimRichMenuRows(db, { limit: o.batchSize }, clock(), o.leaseMs)
    report.claimed += menus.length
    await sendMenus(menus)
  }
  await Promise.all(inFlight)
  flush()
  await writing
  return report
}
