// Requires `Authorization: Bearer <API key>` of an active key (the shop's POS, booking system, EC site) that holds the
// route's scope, counted against the key's request limit (429 `rate_limited` with Retry-After past it).
import { createMiddleware } from 'hono/factory'
import type { ApiKey } from '../../db/schema'
import { verifyApiKey } from '../data/api-keys'
import type { ApiKeyRateTier, ApiScope } from '../domain/api-scopes'
import type { AppEnv } from '../env'
import { forbidden, unauthorized } from '../errors'
import type { RateLimitName } from '../rate-limit/rules'
import { enforceRateLimit } from './rate-limit'

export type ApiKeyEnv = AppEnv & { Variables: { apiKey: ApiKey } }

const tierRule: Record<ApiKeyRateTier, RateLimitName> = {
  low: 'apiKeyLow',
  standard: 'apiKeyStandard',
  high: 'apiKeyHigh',
}

/** The one guard of every integration route: an active key with `scope`, within its request limit. */
export const requireApiKey = (scope: ApiScope) =>
  createMiddleware<ApiKeyEnv>(async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
    if (!match) throw unauthorized('api_key_required', 'An API key is required: Authorization: Bearer <key>')
    const key = await verifyApiKey(c.var.shop.db, match[1]!, c.var.shop.clock())
    if (!key) throw unauthorized('bad_api_key', 'The API key is unknown or revoked')
    c.header('Cache-Control', 'no-store')
    await enforceRateLimit(c.var.shop, tierRule[key.rateTier], String(key.id))
    if (!key.scopes.includes(scope)) {
      throw forbidden('api_key_scope_missing', `This API key does not have the "${scope}" scope`)
    }
    c.set('apiKey', key)
    await next()
  })
