// Requires `Authorization: Bearer <API key>` of an active key (the shop's booking system, EC site).
import { createMiddleware } from 'hono/factory'
import type { ApiKey } from '../../db/schema'
import { verifyApiKey } from '../data/api-keys'
import type { AppEnv } from '../env'
import { unauthorized } from '../errors'

export type ApiKeyEnv = AppEnv & { Variables: { apiKey: ApiKey } }

export const requireApiKey = createMiddleware<ApiKeyEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
  if (!match) throw unauthorized('api_key_required', 'An API key is required: Authorization: Bearer <key>')
  const key = await verifyApiKey(c.var.shop.db, match[1]!, c.var.shop.clock())
  if (!key) throw unauthorized('bad_api_key', 'The API key is unknown or revoked')
  c.set('apiKey', key)
  c.header('Cache-Control', 'no-store')
  await next()
})
