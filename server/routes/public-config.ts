// GET /api/config: what the LIFF app needs before `liff.init` (no secrets).
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse } from '../openapi'

const PublicConfig = z
  .object({ sandbox: z.boolean(), liffId: z.string(), shopName: z.string(), timeZone: z.string() })
  .openapi('PublicConfig')

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Public settings for the LIFF app',
  responses: { 200: jsonResponse('Settings', PublicConfig) },
})

export const publicConfig = createRouter().openapi(route, (c) => {
  const { config } = c.var.deps
  return c.json(
    { sandbox: config.sandbox, liffId: config.line.liffId, shopName: config.shopName, timeZone: config.timeZone },
    200,
  )
})
