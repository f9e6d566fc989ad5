// GET /api/admin/dashboard: the figures of the console's first page, and this month's message quota.
import { z } from '@hono/zod-openapi'
import { messageQuota } from '../../data/campaigns'
import { dashboardFigures } from '../../data/dashboard'
import { createRouter, jsonResponse } from '../../openapi'
import { adminRoute } from '../guarded-routes'

const Dashboard = z
  .object({
    days: z.array(z.string()),
    friends: z.object({
      friends: z.number(),
      blocked: z.number(),
      unknown: z.number(),
      linked: z.number(),
      series: z.array(z.object({ date: z.string(), follows: z.number(), blocks: z.number() })),
    }),
    links: z.array(z.object({ date: z.string(), members: z.number(), linked: z.number(), rate: z.number() })),
    points: z.array(z.object({ date: z.string(), issued: z.number(), redeemed: z.number() })),
    reminders: z.object({
      sent: z.number(),
      failed: z.number(),
      series: z.array(z.object({ date: z.string(), sent: z.number(), failed: z.number() })),
      reservations: z.record(z.string(), z.number()),
    }),
    quota: z.object({ available: z.boolean(), limit: z.number().nullable(), used: z.number().nullable() }),
  })
  .openapi('Dashboard')

const route = adminRoute('get', '/', {
  summary: 'Dashboard figures over the last `days` days (shop time zone)',
  request: { query: z.object({ days: z.coerce.number().int().min(7).max(90).default(30) }) },
  responses: { 200: jsonResponse('Figures', Dashboard) },
})

export const adminDashboard = createRouter().openapi(route, async (c) => {
  const deps = c.var.shop
  const [figures, quota] = await Promise.all([
    deps.timeZone().then((zone) => dashboardFigures(deps.db, deps.clock(), zone, c.req.valid('query').days)),
    messageQuota(deps),
  ])
  return c.json({ ...figures, quota }, 200)
})
