// Settings (admin): point rate and rounding, expiry, ranks, checkout limits, quiet hours, and reminder rules.
import { createRoute, z } from '@hono/zod-openapi'
import { asc, eq, notInArray, sql } from 'drizzle-orm'
import { reminderKinds, reminderRules } from '../../../db/schema'
import { audit, staffActor } from '../../data/audit'
import { multiLine } from '../../domain/free-text'
import { loadSettings, saveSetting, shopSettingsSchema, type SettingsKey, type ShopSettings } from '../../data/settings'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { adminErrors, adminOnly } from './guard'

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

const getRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Shop settings and reminder rules',
  security: bearerAuth,
  middleware: adminOnly,
  responses: { 200: jsonResponse('Settings', SettingsView), ...adminErrors },
})

const putRoute = createRoute({
  method: 'put',
  path: '/',
  summary: 'Save some settings sections (each given section is replaced as a whole)',
  security: bearerAuth,
  middleware: adminOnly,
  request: { body: jsonBody(shopSettingsSchema.partial()) },
  responses: { 200: jsonResponse('Saved', SettingsView), 400: errorResponse('Invalid settings'), ...adminErrors },
})

const rulesRoute = createRoute({
  method: 'put',
  path: '/reminder-rules',
  summary: 'Replace the reminder rules (rules with an id are updated, without one added, missing ones removed)',
  security: bearerAuth,
  middleware: adminOnly,
  request: { body: jsonBody(z.object({ rules: z.array(ReminderRule).max(20) })) },
  responses: { 200: jsonResponse('Saved', SettingsView), 400: errorResponse('Invalid rules'), ...adminErrors },
})

async function current(db: Parameters<typeof loadSettings>[0]) {
  const [settings, rules] = await Promise.all([
    loadSettings(db),
    db.select().from(reminderRules).orderBy(asc(reminderRules.kind), asc(reminderRules.offset)),
  ])
  return { settings, reminderRules: rules }
}

export const adminSettings = createRouter()
  .openapi(getRoute, async (c) => c.json(await current(c.var.shop.db), 200))
  .openapi(putRoute, async (c) => {
    const { db, clock } = c.var.shop
    const body = c.req.valid('json')
    const actor = staffActor(c.var.staff)
    const now = clock()
    const keys = Object.keys(body).filter((k) => body[k as SettingsKey] !== undefined) as SettingsKey[]
    if (keys.length > 0) {
      const [first, ...rest] = keys.map((key) =>
        saveSetting(db, key, body[key] as ShopSettings[typeof key], actor, now),
      )
      await db.batch([
        first!,
        ...rest,
        audit(
          db,
          {
            actor,
            action: 'settings.updated',
            target: 'settings',
            detail: Object.fromEntries(keys.map((k) => [k, body[k]])),
          },
          now.getTime(),
        ),
      ])
      c.var.shop.settings.invalidate()
    }
    return c.json(await current(db), 200)
  })
  .openapi(rulesRoute, async (c) => {
    const { db, clock } = c.var.shop
    const { rules } = c.req.valid('json')
    const keep = rules.flatMap((r) => (r.id ? [r.id] : []))
    const now = clock()
    await db.batch([
      keep.length > 0
        ? db
            .delete(reminderRules)
            .where(notInArray(reminderRules.id, sql`(SELECT value FROM json_each(${JSON.stringify(keep)}))`))
        : db.delete(reminderRules),
      ...rules.map((r) =>
        r.id
          ? db
              .update(reminderRules)
              .set({ kind: r.kind, offset: r.offset, template: r.template, enabled: r.enabled })
              .where(eq(reminderRules.id, r.id))
          : db
              .insert(reminderRules)
              .values({ kind: r.kind, offset: r.offset, template: r.template, enabled: r.enabled }),
      ),
      audit(
        db,
        {
          actor: staffActor(c.var.staff),
          action: 'reminder_rules.updated',
          target: 'reminder_rules',
          detail: { rules },
        },
        now.getTime(),
      ),
    ])
    return c.json(await current(db), 200)
  })
