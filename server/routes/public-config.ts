// GET /api/config: what the LIFF app needs before `liff.init` (no secrets).
import { createRoute, z } from '@hono/zod-openapi'
import type { Config } from '../config'
import { createRouter, jsonResponse } from '../openapi'

export const PublicConfig = z
  .object({ sandbox: z.boolean(), liffId: z.string(), shopName: z.string(), timeZone: z.string() })
  .openapi('PublicConfig')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Public settings for the LIFF app',
  responses: { 200: jsonResponse('Settings', PublicConfig) },
})

export type PublicConfig = z.infer<typeof PublicConfig>

/**
 * The settings the app may see, with the shop's time zone (`Shop.timeZone`); also written into index.html by the Node
 * server (static-assets.ts) and the Worker (worker-page.ts).
 */
export function publicConfigOf(config: Config, timeZone = config.timeZone): PublicConfig {
  return { sandbox: config.sandbox, liffId: config.line.liffId, shopName: config.shopName, timeZone }
}

export const publicConfig = createRouter().openapi(route, async (c) => {
  const { config } = c.var.shop
  return c.json(publicConfigOf(config, await c.var.shop.timeZone()), 200)
})
