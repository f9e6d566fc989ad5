// Settings (admin): point rate and rounding, expiry, ranks, checkout limits, quiet hours, and reminder rules.
import { z } from '@hono/zod-openapi'
import { reminderKinds } from '../../../db/schema'
import { listReminderRules, replaceReminderRules } from '../../data/reminder-rules'
import { multiLine } from '../../domain/free-text'
import { maxRanks } from '../../domain/ranks'
import { loadSettings, shopSettingsSchema } from '../../data/settings'
import { changeSettings } from '../../usecases/shop-setup'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { refusalError } from '../refusals'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

const ReminderRule = z
  .object({
    id: z.number().int().positive().optional(),
    kind: z.enum(reminderKinds),
    offset: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .openapi({ description: 'Minutes before a reservation, or days before expiry' }),
    template: multiLine(z.string().max(500)).nullable().default(null),
    enabled: z.boolean(),
  })
  .openapi('ReminderRule')

const SettingsView = z
  .object({ settings: shopSettingsSchema, reminderRules: z.array(ReminderRule) })
  .openapi('AdminSettings')

export const getRoute = adminRoute('get', '/', {
  summary: 'Shop settings and reminder rules',
  responses: { 200: jsonResponse('Settings', SettingsView) },
})

// `maxRanks` bounds what is saved, here, and not `shopSettingsSchema`: a stored list past it would read as the defaults.
const SettingsInput = shopSettingsSchema
  .partial()
  .extend({ ranks: shopSettingsSchema.shape.ranks.max(maxRanks).optional() })

const putRoute = adminRoute('put', '/', {
  summary: 'Save some settings sections (each given section is replaced as a whole)',
  request: { body: jsonBody(SettingsInput) },
  responses: {
    200: jsonResponse('Saved', SettingsView),
    404: errorResponse('A coupon rule or the stamp card names a coupon that does not exist (`coupon_not_found`)'),
  },
})

const rulesRoute = adminRoute('put', '/reminder-rules', {
  summary: 'Replace the reminder rules (rules with an id are updated, without one added, missing ones removed)',
  request: { body: jsonBody(z.object({ rules: z.array(ReminderRule).max(20) })) },
  responses: { 200: jsonResponse('Saved', SettingsView) },
})

async function current(db: Parameters<typeof loadSettings>[0]) {
  const [settings, rules] = await Promise.all([loadSettings(db), listReminderRules(db)])
  return { settings, reminderRules: rules }
}

export const adminSettings = createRouter()
  .openapi(getRoute, async (c) => c.json(await current(c.var.shop.db), 200))
  .openapi(putRoute, async (c) => {
    const refused = await changeSettings(c.var.shop, { changes: c.req.valid('json'), actor: staffActor(c.var.staff) })
    if (refused) throw refusalError(refused)
    return c.json(await current(c.var.shop.db), 200)
  })
  .openapi(rulesRoute, async (c) => {
    const { db, clock } = c.var.shop
    const { rules } = c.req.valid('json')
    await replaceReminderRules(db, rules, staffActor(c.var.staff), clock())
    return c.json(await current(db), 200)
  })
