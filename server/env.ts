// The one Hono environment type of the server, and the dependencies the app is built from.
import type { Database } from '../db/client'
import type { SessionScope, SessionStart } from '../db/driver/d1-session-scope'
import type { Staff } from '../db/schema'
import type { Context } from 'hono'
import type { Config } from './config'
import type { CardViewCache } from './data/card-view-cache'
import type { DataWatch } from './data/data-watch'
import type { LinePlatform } from './line/platform'
import type { OutboxQueue } from './outbox/queue-producer'
import type { RateLimiter } from './rate-limit/limiter'
import type { Shop } from './shop'

/** Current time; injected so tests and jobs can move it. */
export type Clock = () => Date

/** The address of the client asking, for per-client limits; undefined when it cannot be known. */
export type ClientAddress = (c: Context<AppEnv>) => string | undefined

/** Keeps work alive after the response (Workers `waitUntil`; tracked promises on Node). */
export type Background = (work: Promise<unknown>) => void

export interface AppDeps {
  config: Config
  db: Database
  line: LinePlatform
  clock: Clock
  background: Background
  /** Request limits (server/rate-limit/rules.ts): in memory on Node, Cloudflare's Rate Limiting binding on Workers. */
  rateLimiter: RateLimiter
  clientAddress: ClientAddress
  /** Card views kept between writes (Node with an embedded database; see card-view-cache.ts). */
  cardViews?: CardViewCache
  /** Wakes the card's long-poll when the data may have changed (Node with an embedded database); else it re-checks. */
  dataWatch?: DataWatch
  /**
   * Workers with D1: opens one request's D1 session (read replicas; server/middleware/read-session.ts). None on Node,
   * whose one database has no replicas.
   */
  openSession?: (start: SessionStart) => SessionScope
  /**
   * Node with an embedded database: the click redirect's writes from concurrent requests share one statement and one
   * commit (server/data/group-commit.ts). Off on Workers: there a D1 call belongs to the request that made it.
   */
  groupCommit?: boolean
  /** Workers with an outbox Queue: the cron hands due deliveries to it instead of sending them itself. */
  outboxQueue?: OutboxQueue
  /** Aborted when the server begins to shut down: held requests (the card's long-poll) answer at once. */
  closing?: AbortSignal
  /** Where the one JSON access line per request goes (stdout on Node, the Worker's logs); none: not logged. */
  log?: (line: string) => void
  /**
   * Told of every unexpected error (the ones answered 500), with the request's id: point it at Sentry, a Tail
   * Worker's endpoint or any error tracker. Work it returns is kept alive after the response (`background`).
   */
  reportError?: ReportError
}

/** See `AppDeps.reportError`. */
export type ReportError = (
  err: unknown,
  request: { requestId: string; method: string; path: string },
) => void | Promise<unknown>

export interface Session {
  lineUserId: string
}

export interface AppEnv {
  Variables: {
    /** The shop the request is for (server/shop.ts), set first by `createApp`'s resolver. */
    shop: Shop
    /** Set by `requestLog`, answered as X-Request-Id. */
    requestId: string
    session: Session
    /** Set by `requireStaff`. */
    staff: Staff
  }
}
