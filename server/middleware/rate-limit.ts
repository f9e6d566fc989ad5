// Request limits per client address and per signed-in LINE user, answered 429 `rate_limited` with `Retry-After`.
import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../env'
import { tooManyRequests } from '../errors'
import { clientKey } from '../rate-limit/client-key'
import type { RateLimitName } from '../rate-limit/rules'

/** Counts one request of `key` under `name`; throws 429 `rate_limited` past the limit. */
export async function enforceRateLimit(deps: AppDeps, name: RateLimitName, key: string): Promise<void> {
  const verdict = await deps.rateLimiter.hit(name, key)
  if (!verdict.ok)
    throw tooManyRequests(
      'rate_limited',
      `Too many requests: please wait ${verdict.retryAfterSeconds} seconds and try again`,
      verdict.retryAfterSeconds,
    )
}

/** Limits requests per client address; a request whose address is unknown (no socket, e.g. in-process) is not counted. */
export const limitPerClient = (name: RateLimitName) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const deps = c.get('shop')
    const address = deps.clientAddress(c)
    if (address) await enforceRateLimit(deps, name, clientKey(address))
    await next()
  })

/** Limits requests per signed-in LINE user; goes after `requireSession`. */
export const limitPerUser = (name: RateLimitName) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await enforceRateLimit(c.get('shop'), name, c.get('session').lineUserId)
    await next()
  })
