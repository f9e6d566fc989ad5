// A queue consumer's work on Workers: sends the claims of one Queue batch (handed on by queue-producer.ts) through
// one pool of at most 6 requests at once (Workers hold 6 outgoing connections per invocation), each start reserved
// from the channel's pacer object (up to 24 a call, each connection sleeping until its own), and records outcomes in
// a batched write a second.
import type { ClickTracking } from '../data/campaign-clicks'
import { richMenuDeliveryKind } from '../data/rich-menu-switches'
import { loadRichMenuIds, type RichMenuIds } from '../rich-menus/ids'
import type { ChannelPacer } from './pacer-object'
import { backoffDelayMs, createTimeoutSweep, resultOf, type SendOutcome } from './policy'
import type { OutboxClaimMessage } from './queue-producer'
import { loadRecipients, skipReason } from './recipients'
import { richMenuResult, sendRichMenu } from './rich-menu'
import {
  defaultSenderOptions,
  emptyDrainReport,
  planUnits,
  sendUnit,
  type DrainReport,
  type OutboxDeps,
} from './sender'
import { rowsOfClaims, writeResults, type ClaimedDelivery, type RowResult } from './store'

/** Cloudflare's limits on one invocation (paid plan) that the consumer accounts for. */
export const workerInvocationLimits = {
  /** Outgoing connections open at once. */
  connections: 6,
  /** Subrequests: fetches to LINE, calls to the pacer object and D1 queries all count. */
  subrequests: 10_000,
}

export interface ConsumerOptions {
  /** Requests in flight at once (Workers allow 6 open outgoing connections per invocation). */
  concurrency?: number
  /** Subrequests this invocation may make; sends that would go past it are handed back to the Queue. */
  subrequestBudget?: number
  timeoutMs?: number
  random?: () => number
  /** Where links of scenario steps and triggers are counted (as the sender's option). */
  clicks?: ClickTracking
}

/** What became of one queue message of the batch. */
export type ClaimVerdict =
  /** Every row is recorded: ack it. */
  | { ack: true }
  /** Some rows met a transient failure and are still held by the claim: redeliver it after `delaySeconds`. */
  | { ack: false; delaySeconds: number }

export interface BatchReport extends DrainReport {
  /** Subrequests made: LINE requests, pacer calls and D1 queries. */
  subrequests: number
  /** Reserved starts left unused because they came too late (a busy thread: see `permit`). */
  lateStarts: number
}

/** One request to make: its outcome turns into the result recorded on its rows. */
interface Task {
  send(): Promise<SendOutcome>
  result(outcome: SendOutcome): RowResult
  kind: 'push' | 'multicast' | 'richMenu'
  claim: number
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Times a request answered 429 with no Retry-After goes again at once (see `sendPaced`). */
const quickRetries = 2
/** Times a request answered 5xx goes again at once: once, then it waits for the Queue's redelivery. */
const quickServerErrorRetries = 1

/** A reserved start this late is not used (see `permit`). */
const lateMs = 30

/** Queues redeliver at most 12 hours later; keep well inside a claim's lease instead (queue-producer.ts, 15 min). */
const maxRedeliveryDelaySeconds = 5 * 60

/**
 * Sends the rows of `claims` still held by them (none when a message is a redelivery of one already done, or its
 * rows were claimed again since) and records every outcome. Retries reuse each row's retry key, so a row LINE
 * already accepted (the consumer died before marking it) is answered 409 and recorded as sent, never sent twice.
 * A transient failure (5xx, 429, timeout) leaves the rows held by their claim while `redeliver` is true, so the
 * Queue's retry with delay sends them again without waiting for the next cron run; otherwise they are recorded
 * pending with a backoff. Throws only when the database does: the Queue then redelivers the whole batch.
 */
export async function sendClaims(
  deps: OutboxDeps,
  claims: readonly { body: OutboxClaimMessage; redeliver: boolean; attempts: number }[],
  pacer: ChannelPacer,
  options: ConsumerOptions = {},
): Promise<{ report: BatchReport; verdicts: ClaimVerdict[] }> {
  const { db, clock } = deps
  const { connections } = workerInvocationLimits
  const concurrency = Math.min(options.concurrency ?? connections, connections)
  const timeoutMs = options.timeoutMs ?? defaultSenderOptions.timeoutMs
  // One sweeping timer for the invocation's requests, not one per request.
  const timeout = createTimeoutSweep(timeoutMs)
  const random = options.random ?? Math.random
  const report: BatchReport = { ...emptyDrainReport(), subrequests: 0, lateStarts: 0 }
  let budget = options.subrequestBudget ?? workerInvocationLimits.subrequests - 100
  const spend = (n: number) => {
    report.subrequests += n
    budget -= n
  }

  spend(1)
  const held = await rowsOfClaims(
    db,
    claims.map((c) => c.body),
  )
  const claimOf = new Map<number, number>()
  held.forEach((rows, i) => rows.forEach((r) => claimOf.set(r.id, i)))
  const rows = held.flat()
  report.claimed = rows.length
  const verdicts: ClaimVerdict[] = claims.map(() => ({ ack: true }))
  if (rows.length === 0) return { report, verdicts }

  const results: RowResult[] = []
  // Outcomes are written as they come, a batched write a second (or every 100 rows), so an invocation that dies
  // mid-batch loses little: what it recorded is not sent again when the Queue redelivers its batch.
  let unwritten: RowResult[] = []
  let unwrittenRows = 0
  let lastWrite = Date.now()
  let writing = Promise.resolve()
  let writeError: unknown
  const record = (result: RowResult) => {
    results.push(result)
    unwritten.push(result)
    unwrittenRows += result.ids.length
    // The last subrequest stays for the final write.
    if ((unwrittenRows >= 100 || Date.now() - lastWrite >= 1000) && budget >= 3) write()
  }
  const write = () => {
    const batch = unwritten
    unwritten = []
    unwrittenRows = 0
    lastWrite = Date.now()
    if (batch.length === 0) return
    spend(1)
    writing = writing.then(() => writeResults(db, batch, clock())).catch((err: unknown) => void (writeError ??= err))
  }
  spend(1)
  const recipients = await loadRecipients(
    db,
    rows.map((r) => r.lineUserId),
  )
  const tasks: Task[] = []
  const sendable: ClaimedDelivery[] = []
  let menuIds: Promise<RichMenuIds | null> | undefined
  for (const row of rows) {
    if (row.kind === richMenuDeliveryKind) {
      if (!menuIds) spend(1)
      menuIds ??= loadRichMenuIds(db)
      const ids = menuIds
      tasks.push({
        kind: 'richMenu',
        claim: claimOf.get(row.id)!,
        send: async () => sendRichMenu(deps.line.messaging, row, await ids, timeout),
        result: (outcome) => richMenuResult(row, outcome, clock(), random),
      })
      continue
    }
    const reason = skipReason(row, recipients.get(row.lineUserId))
    if (reason) record({ status: 'skipped', ids: [row.id], error: reason })
    else sendable.push(row)
  }
  // Identical content among personalised rows is rare; each multicast formed costs one D1 statement here.
  const units = await planUnits(db, sendable, options.clicks)
  spend(units.filter((u) => u.kind === 'multicast' && u.rows.length > 0).length)
  for (const unit of units) {
    if (unit.rows.length === 0) continue
    tasks.push({
      kind: unit.kind,
      claim: claimOf.get(unit.rows[0]!.id)!,
      send: () => sendUnit(deps.line, unit, timeout, options.clicks),
      result: (outcome) => resultOf(unit.rows, outcome, clock(), random),
    })
  }

  // Starts reserved from the pacer object and not yet used, in time order: a connection that comes free takes the
  // first and sleeps until it. When none is left, one call reserves up to 24 more, spaced at the pace this
  // invocation's connections come free (its round trip ÷ its connections). A start more than `lateMs` past (when
  // taken, or when its timer fired) is dropped: leaving that late, it would bunch with the starts after it. Each
  // start spends a subrequest, and so does each pacer call; the final write keeps one in reserve.
  const starts: number[] = []
  let reserving: Promise<void> | null = null
  let roundTripMs = 0
  let unstarted = tasks.length
  const reserveMore = async () => {
    // Until the first answer the round trip is unknown: one start per connection, not a bunch that would pass unused.
    const wanted = Math.min(roundTripMs === 0 ? concurrency : unstarted, unstarted, budget - 2)
    const r = await pacer.reserve(wanted, roundTripMs / concurrency)
    spend(r.calls)
    // In time order: starts given back after a 5xx come at once, before any reserved earlier.
    starts.push(...r.starts)
    starts.sort((a, b) => a - b)
  }
  /** Resolves when this connection may start its next request, or false when the subrequest budget is spent. */
  const permit = async (): Promise<boolean> => {
    for (;;) {
      const now = Date.now()
      while (starts.length > 0 && starts[0]! < now - lateMs) {
        starts.shift()
        report.lateStarts++
      }
      const at = starts.shift()
      if (at !== undefined) {
        unstarted--
        if (at - now >= 1) await sleep(at - now)
        // A timer that fired late (a busy thread) leaves the start unused too.
        if (Date.now() - at > lateMs) {
          report.lateStarts++
          unstarted++
          continue
        }
        if (budget < 2) return false
        spend(1)
        return true
      }
      if (budget < 3) return false
      reserving ??= reserveMore().finally(() => (reserving = null))
      await reserving
    }
  }
  /**
   * Sends `task` at its reserved start; null when the budget is spent first. A 429 with no Retry-After says only that
   * the channel went a little over LINE's count (the pacer takes a start for it): the request goes again at this
   * invocation's next start, under the same retry key, up to `quickRetries` times, instead of waiting for the Queue.
   * A 5xx goes again once the same way (LINE answers 409 if the first was accepted after all); a second 5xx leaves
   * its rows to the Queue's delayed redelivery. Every try takes a reserved start, so retries stay under the limit.
   */
  const sendPaced = async (task: Task): Promise<SendOutcome | null> => {
    for (let tries = 0; ; tries++) {
      if (!(await permit())) return null
      if (task.kind === 'push') report.pushRequests++
      else if (task.kind === 'multicast') report.multicastRequests++
      else report.richMenuRequests++
      const sentAt = Date.now()
      const outcome = await task.send()
      roundTripMs = roundTripMs === 0 ? Date.now() - sentAt : 0.8 * roundTripMs + 0.2 * (Date.now() - sentAt)
      if (outcome.kind !== 'retry' || !outcome.status) return outcome
      // The pacer hears of 429s and 5xx with the next reservation.
      pacer.note({ status: outcome.status, retryAfterMs: outcome.retryAfterMs })
      const again =
        outcome.status === 429
          ? outcome.retryAfterMs === undefined && tries < quickRetries
          : outcome.status >= 500 && tries < quickServerErrorRetries
      if (!again) return outcome
      unstarted++
    }
  }
  const retryAfter = new Map<number, number>()
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!
      const outcome = await sendPaced(task)
      if (!outcome) {
        // Past this invocation's subrequest budget: the rows stay held and the message comes back at once, or on its
        // last delivery they are due again for the cron.
        if (claims[task.claim]!.redeliver) retryAfter.set(task.claim, retryAfter.get(task.claim) ?? 0)
        else {
          const r = task.result({ kind: 'retry', error: 'not sent: over the invocation subrequest budget' })
          record(r.status === 'pending' ? { ...r, nextAttemptAt: clock() } : r)
        }
        continue
      }
      const result = task.result(outcome)
      if (result.status === 'pending' && claims[task.claim]!.redeliver) {
        // The rows' own backoff (their attempts count claims), or longer as the Queue redelivers the message again.
        const backoff = backoffDelayMs(claims[task.claim]!.attempts, random)
        const delayMs = Math.max(result.nextAttemptAt.getTime() - clock().getTime(), backoff)
        const seconds = Math.min(maxRedeliveryDelaySeconds, Math.max(1, Math.ceil(delayMs / 1000)))
        retryAfter.set(task.claim, Math.max(retryAfter.get(task.claim) ?? 0, seconds))
        report.retried += result.ids.length
        continue
      }
      record(result)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker))
  spend(await pacer.flush())
  for (const [claim, delaySeconds] of retryAfter) verdicts[claim] = { ack: false, delaySeconds }

  for (const r of results) {
    const n = r.ids.length
    if (r.status === 'sent') report.sent += n
    else if (r.status === 'pending') report.retried += n
    else report[r.status] += n
  }
  write()
  await writing
  if (writeError) throw writeError
  return { report, verdicts }
}
