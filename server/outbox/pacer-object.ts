// The global pacer on Workers: one Durable Object per LINE channel keeps the token bucket that every queue consumer
// asks before sending, so all consumers together stay under the channel's rate limit and all pause after a 429.
import type { DurableObjectNamespace, DurableObjectState } from '@cloudflare/workers-types/index'
import { createTokenBucket, pauseBucket, takeTokens, type Grant, type TokenBucket } from './token-bucket'

/** LINE's documented limit for push and multicast, per channel. */
export const defaultChannelRatePerSecond = 2000

interface PacerRequest {
  /** Requests wanted now. */
  take?: number
  /** LINE answered 429: pause everyone this long. */
  pauseMs?: number
  ratePerSecond: number
}

/**
 * The bucket lives in memory: a Durable Object runs one request at a time, and if it is evicted the new instance
 * starts from a bucket of 5 % of a second, so nothing is over-granted.
 */
export class OutboxPacer {
  private bucket: TokenBucket | undefined

  constructor(_state: DurableObjectState, _env: unknown) {}

  async fetch(request: Request): Promise<Response> {
    const ask = (await request.json()) as PacerRequest
    const now = Date.now()
    if (!this.bucket || this.bucket.ratePerSecond !== ask.ratePerSecond)
      this.bucket = createTokenBucket(ask.ratePerSecond, now)
    if (ask.pauseMs) pauseBucket(this.bucket, ask.pauseMs, now)
    const grant: Grant = ask.take ? takeTokens(this.bucket, ask.take, now) : { granted: 0, waitMs: 0 }
    return Response.json(grant)
  }
}

/** What a consumer holds: ask for tokens, or tell everyone to pause. */
export interface ChannelPacer {
  /**
   * Resolves with how many of `wanted` requests may start now (at least 1), waiting as long as needed, and how many
   * calls to the object that took (each is a subrequest of the invocation).
   */
  take(wanted: number): Promise<{ granted: number; calls: number }>
  pause(ms: number): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The stub of `channel`'s pacer object. */
export function channelPacer(namespace: DurableObjectNamespace, channel: string, ratePerSecond: number): ChannelPacer {
  const id = namespace.idFromName(channel)
  const call = async (ask: Omit<PacerRequest, 'ratePerSecond'>): Promise<Grant> => {
    // A stub is I/O of the invocation that made it: each call makes its own (the pacer is kept per isolate).
    const stub = namespace.get(id)
    const res = await stub.fetch('https://pacer/', { method: 'POST', body: JSON.stringify({ ...ask, ratePerSecond }) })
    return (await res.json()) as Grant
  }
  return {
    async take(wanted) {
      for (let calls = 1; ; calls++) {
        const { granted, waitMs } = await call({ take: wanted })
        if (granted > 0) return { granted, calls }
        await sleep(waitMs)
      }
    },
    async pause(ms) {
      await call({ pauseMs: ms })
    },
  }
}
