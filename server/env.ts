// The one Hono environment type of the server, and the dependencies the app is built from.
import type { Database } from '../db/client'
import type { Staff } from '../db/schema'
import type { Context } from 'hono'
import type { Config } from './config'
import type { CardViewCache } from './data/card-view-cache'
import type { LinePlatform } from './line/platform'
import type { RateLimiter } from './rate-limit/limiter'

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
}

export interface Session {
  lineUserId: string
}

export interface AppEnv {
  Variables: {
    deps: AppDeps
    session: Session
    /** Set by `requireStaff`. */
    staff: Staff
  }
}
