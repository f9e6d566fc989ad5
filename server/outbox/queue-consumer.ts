// A queue consumer's work on Workers: sends one claim handed on by the producer (queue-producer.ts), at most a few
// requests at once (Workers hold 6 outgoing connections), each start granted by the channel's pacer object.
import type { AppDeps } from '../env'
import { richMenuDeliveryKind } from '../data/rich-menu-switches'
import { loadRichMenuIds, type RichMenuIds } from '../rich-menus/ids'
import type { ChannelPacer } from './pacer-object'
import { resultOf, type SendOutcome } from './policy'
import type { OutboxClaimMessage } from './queue-producer'
import { loadRecipients, skipReason } from './recipients'
import { richMenuResult, sendRichMenu } from './rich-menu'
import { defaultSenderOptions, emptyDrainReport, planUnits, sendUnit, type DrainReport } from './sender'
import { rowsOfClaim, writeResults, type RowResult } from './store'

export interface ConsumerOptions {
  /** Requests in flight at once (Workers allow 6 open outgoing connections per invocation). */
  concurrency?: number
  timeoutMs?: number
  /** Pause for everyone after a 429 that names no Retry-After. */
  defaultPauseMs?: number
  random?: () => number
}

/** One request to make: its outcome turns into the result recorded on its rows. */
interface Task {
  send(): Promise<SendOutcome>
  result(outcome: SendOutcome): RowResult
  kind: 'push' | 'multicast' | 'richMenu'
}

/**
 * Sends the rows of `claim` still held by it (none when the message is a redelivery of one already done, or its
 * rows were claimed again since) and records every outcome. Retries reuse each row's retry key, so a row LINE
 * already accepted (the consumer died before marking it) is answered 409 and recorded as sent, never sent twice.
 * Throws only when the database does: the queue then redelivers the message.
 */
export async function sendClaim(
  deps: Pick<AppDeps, 'db' | 'line' | 'clock'>,
  claim: OutboxClaimMessage,
  pacer: ChannelPacer,
  options: ConsumerOptions = {},
): Promise<DrainReport> {
  const { db, clock } = deps
  const concurrency = options.concurrency ?? 6
  const timeoutMs = options.timeoutMs ?? defaultSenderOptions.timeoutMs
  const random = options.random ?? Math.random
  const report = emptyDrainReport()
  const rows = await rowsOfClaim(db, claim.ids, new Date(claim.leaseUntil))
  report.claimed = rows.length
  if (rows.length === 0) return report

  const results: RowResult[] = []
  const recipients = await loadRecipients(
    db,
    rows.map((r) => r.lineUserId),
  )
  const tasks: Task[] = []
  const sendable = []
  let menuIds: Promise<RichMenuIds | null> | undefined
  for (const row of rows) {
    if (row.kind === richMenuDeliveryKind) {
      menuIds ??= loadRichMenuIds(db)
      const ids = menuIds
      tasks.push({
        kind: 'richMenu',
        send: async () => sendRichMenu(deps.line.messaging, row, await ids, timeoutMs),
        result: (outcome) => richMenuResult(row, outcome, clock(), random),
      })
      continue
    }
    const reason = skipReason(row, recipients.get(row.lineUserId))
    if (reason) results.push({ status: 'skipped', ids: [row.id], error: reason })
    else sendable.push(row)
  }
  for (const unit of await planUnits(db, sendable)) {
    if (unit.rows.length === 0) continue
    tasks.push({
      kind: unit.kind,
      send: () => sendUnit(deps.line.messaging, unit, timeoutMs),
      result: (outcome) => resultOf(unit.rows, outcome, clock(), random),
    })
  }

  // Tokens are asked for in bulk (one call to the pacer object for many requests), one caller at a time.
  let tokens = 0
  let asking = Promise.resolve()
  let left = tasks.length
  const permit = () => {
    const turn = asking.then(async () => {
      if (tokens === 0) tokens = await pacer.take(left)
      tokens--
      left--
    })
    asking = turn
    return turn
  }
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!
      await permit()
      if (task.kind === 'push') report.pushRequests++
      else if (task.kind === 'multicast') report.multicastRequests++
      else report.richMenuRequests++
      const outcome = await task.send()
      if (outcome.kind === 'retry' && outcome.error.startsWith('429 '))
        await pacer.pause(outcome.retryAfterMs ?? options.defaultPauseMs ?? 1000)
      results.push(task.result(outcome))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker))

  for (const r of results) {
    const n = r.ids.length
    if (r.status === 'sent') report.sent += n
    else if (r.status === 'pending') report.retried += n
    else report[r.status] += n
  }
  await writeResults(db, results, clock())
  return report
}
