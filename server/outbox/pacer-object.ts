// The global pacer on Workers: one Durable Object per LINE channel keeps the calendar of start times
// (send-schedule.ts) from which every queue consumer reserves its next few sends, so all consumers together stay
// under the channel's rate limit; consumers report LINE's 429s and 5xx with their next reservation.
import type { DurableObjectNamespace, DurableObjectState } from '@cloudflare/workers-types/index'
import { DurableObject } from 'cloudflare:workers'
import { createSendSchedule, rateLimited, refused, reserve, type Reservation, type SendSchedule } from './send-schedule'

/** LINE's documented limit for push and multicast, per channel. */
export const defaultChannelRatePerSecond = 2000

/** What a consumer saw since its last call: 429s (with the longest Retry-After) and 5xx. */
interface RefusalReport {
  rateLimited: number
  retryAfterMs?: number
  serverErrors: number
}

export interface PacerRequest {
  ratePerSecond: number
  /** Starts wanted now (0: only a report). */
  take: number
  /** Least time between two of them: the pace at which the consumer's connections come free. */
  gapMs?: number
  report?: RefusalReport
}

/** Storage key: no start was ever handed out at or after this time (ms). */
const grantedUntilKey = 'grantedUntil'
/** How far past the last start handed out the stored bound is put, so that it is written about once a second. */
const boundStepMs = 1000

/**
 * The calendar lives in memory (a Durable Object runs one request at a time). If the object is evicted or its
 * machine dies while consumers still hold starts, the new instance must not hand out the same times again: it starts
 * its calendar after the stored bound, which is always later than any start handed out.
 */
export class OutboxPacer extends DurableObject {
  private schedule: SendSchedule | undefined
  private grantedUntil = 0

  constructor(state: DurableObjectState, env: unknown) {
    super(state, env)
    void state.blockConcurrencyWhile(async () => {
      this.grantedUntil = (await state.storage.get<number>(grantedUntilKey)) ?? 0
    })
  }

  /**
   * One consumer's call, over Workers RPC (a method called on the stub): no Request, Response or JSON on either side,
   * which the worker-fanout profile showed costing more than the calendar itself (BENCHMARKS.md, "Stop 24").
   */
  reserve(ask: PacerRequest): Reservation {
    const now = Date.now()
    if (!this.schedule || this.schedule.ratePerSecond !== ask.ratePerSecond)
      this.schedule = createSendSchedule(ask.ratePerSecond, Math.max(now, this.grantedUntil))
    const s = this.schedule
    if (ask.report) {
      rateLimited(s, now, ask.report.rateLimited, ask.report.retryAfterMs)
      refused(s, ask.report.serverErrors)
    }
    const reservation = reserve(s, ask.take, now, ask.gapMs)
    if (s.lastStart >= this.grantedUntil) {
      // Not awaited: the output gate holds this answer until the write is stored.
      this.grantedUntil = s.lastStart + boundStepMs
      void this.ctx.storage.put(grantedUntilKey, this.grantedUntil)
    }
    return reservation
  }
}

/** The object's stub as a consumer calls it (RPC). */
export interface PacerStub {
  reserve(ask: PacerRequest): Promise<Reservation>
}

/** What a consumer holds: its channel's calendar, reached through the object. */
export interface ChannelPacer {
  /**
   * Reserves up to `wanted` starts (at most `maxReservation`, 24) at least `gapMs` apart; when the calendar is full further ahead than
   * the object hands out, waits and asks again. Resolves with the start times (ms since the epoch, by this isolate's
   * clock, in order) and the calls it took (each a subrequest of the invocation).
   */
  reserve(wanted: number, gapMs?: number): Promise<{ starts: number[]; calls: number }>
  /** Notes LINE's answer to a send for the next call: a 429 (and its Retry-After) or a 5xx. */
  note(refusal: { status: number; retryAfterMs?: number }): void
  /** Sends what was noted and not yet reported; resolves with the calls made (0 or 1). */
  flush(): Promise<number>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The stub of `channel`'s pacer object, for one invocation. */
export function channelPacer(namespace: DurableObjectNamespace, channel: string, ratePerSecond: number): ChannelPacer {
  const id = namespace.idFromName(channel)
  let report: RefusalReport = { rateLimited: 0, serverErrors: 0 }
  const call = async (take: number, gapMs?: number): Promise<Reservation> => {
    const sent = report
    report = { rateLimited: 0, serverErrors: 0 }
    const ask: PacerRequest = { ratePerSecond, take }
    if (gapMs) ask.gapMs = gapMs
    if (sent.rateLimited > 0 || sent.serverErrors > 0) ask.report = sent
    // A stub is I/O of the invocation that made it: each call makes its own (the pacer is kept per isolate).
    return (namespace.get(id) as unknown as PacerStub).reserve(ask)
  }
  return {
    async reserve(wanted, gapMs) {
      for (let calls = 1; ; calls++) {
        const r = await call(wanted, gapMs)
        // Waits count from the answer: the object's clock and this one need not agree.
        const now = Date.now()
        if (r.waitsMs.length > 0 || wanted <= 0) return { starts: r.waitsMs.map((w) => now + w), calls }
        await sleep(r.retryInMs ?? 1000)
      }
    },
    note({ status, retryAfterMs }) {
      if (status === 429) {
        report.rateLimited++
        if (retryAfterMs !== undefined) report.retryAfterMs = Math.max(report.retryAfterMs ?? 0, retryAfterMs)
      } else if (status >= 500) report.serverErrors++
    },
    async flush() {
      if (report.rateLimited === 0 && report.serverErrors === 0) return 0
      await call(0)
      return 1
    },
  }
}
