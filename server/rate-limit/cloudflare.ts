// The request limiter on Workers: Cloudflare's Rate Limiting binding, one `[[ratelimits]]` binding per rule, so the
// counts hold across isolates (per Cloudflare location, as the binding counts).
import type { RateLimit } from '@cloudflare/workers-types/index'
import { ConfigError } from '../config'
import type { RateLimiter } from './limiter'
import { bindingName, rateLimitRules, type RateLimitName } from './rules'

/** The limiter over the bindings in `env`; a ConfigError naming every binding wrangler.toml lacks. */
export function createBindingRateLimiter(env: Record<string, unknown>): RateLimiter {
  const names = Object.keys(rateLimitRules) as RateLimitName[]
  const missing = names.map(bindingName).filter((b) => typeof (env[b] as RateLimit | undefined)?.limit !== 'function')
  if (missing.length > 0)
    throw new ConfigError(missing.map((b) => `${b}: a [[ratelimits]] binding is required (wrangler.toml)`))
  return {
    async hit(name, key) {
      const { success } = await (env[bindingName(name)] as RateLimit).limit({ key })
      // The binding does not say when its window ends: ask for a whole period, the longest the wait can be.
      return success ? { ok: true } : { ok: false, retryAfterSeconds: rateLimitRules[name].periodSeconds }
    },
  }
}
