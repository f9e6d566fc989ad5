// Stores (admin): list, add, edit; and a staff member's role (invites and deactivation are in admin-staff.ts).
import { createRoute, z } from '@hono/zod-openapi'
import { asc, eq } from 'drizzle-orm'
import { staff as staffTable, stores } from '../../../db/schema'
import { audit } from '../../data/audit'
import { loadTimeZone, timeZoneName } from '../../data/settings'
import { ApiError, conflict, notFound } from '../../errors'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { idParam } from '../path-id'
import { singleLine } from '../../domain/free-text'
import { adminErrors, adminOnly } from './guard'

const StoreInput = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lowercase letters, digits, - and _'),
    name: singleLine(z.string().trim().min(1).max(60)),
    /** The store's own zone (overrides the shop's); a new store without one gets the shop's, an edit keeps its. */
    timeZone: timeZoneName.optional(),
    address: singleLine(z.string().trim().max(200)).nullable().default(null),
    phone: singleLine(z.string().trim().max(20)).nullable().default(null),
    mapUrl: z
      .url({ protocol: /^https$/ })
      .max(500)
      .nullable()
      .default(null),
  })
  .openapi('StoreInput')

export const Store = StoreInput.extend({ timeZone: z.string(), id: z.number(), staffCount: z.number() }).openapi(
  'Store',
)
const listRoute = createRoute({
  method: 'get',
  path: '/stores',
  summary: 'Stores',
  security: bearerAuth,
  middleware: adminOnly,
  responses: { 200: jsonResponse('Stores', z.object({ stores: z.array(Store) })), ...adminErrors },
})
const createStoreRoute = createRoute({
  method: 'post',
  path: '/stores',
  summary: 'Add a store',
  security: bearerAuth,
  middleware: adminOnly,
  request: { body: jsonBody(StoreInput) },
  responses: {
    201: jsonResponse('Added', Store),
    400: errorResponse('Invalid store'),
    409: errorResponse('Code already used'),
    ...adminErrors,
  },
})
const updateStoreRoute = createRoute({
  method: 'put',
  path: '/stores/{id}',
  summary: 'Edit a store',
  security: bearerAuth,
  middleware: adminOnly,
  request: { params: idParam, body: jsonBody(StoreInput) },
  responses: {
    200: jsonResponse('Saved', Store),
    400: errorResponse('Invalid store'),
    404: errorResponse('No such store'),
    409: errorResponse('Code already used'),
    ...adminErrors,
  },
})
const roleRoute = createRoute({
  method: 'post',
  path: '/staff/{id}/role',
  summary: "Change a staff member's role and store (admins have no store)",
  security: bearerAuth,
  middleware: adminOnly,
  request: {
    params: idParam,
    body: jsonBody(
      z.object({ role: z.enum(['staff', 'manager', 'admin']), storeId: z.number().int().positive().nullable() }),
    ),
  },
  responses: {
    200: jsonResponse('Saved', z.object({ id: z.number(), role: z.string(), storeId: z.number().nullable() })),
    404: errorResponse('No such staff member or store'),
    422: errorResponse('Staff and managers need a store; you cannot change your own role'),
    ...adminErrors,
  },
})

const isUnique = (err: unknown) =>
  /UNIQUE constraint failed/i.test(`${(err as Error)?.message} ${String((err as { cause?: unknown })?.cause ?? '')}`)

export const adminStores = createRouter()
  .openapi(listRoute, async (c) => {
    const { db } = c.var.deps
    const [rows, people] = await Promise.all([
      db.select().from(stores).orderBy(asc(stores.id)),
      db.select({ storeId: staffTable.storeId, active: staffTable.active }).from(staffTable),
    ])
    const counts = new Map<number, number>()
    for (const p of people) if (p.active && p.storeId !== null) counts.set(p.storeId, (counts.get(p.storeId) ?? 0) + 1)
    return c.json({ stores: rows.map(({ createdAt: _, ...s }) => ({ ...s, staffCount: counts.get(s.id) ?? 0 })) }, 200)
  })
  .openapi(createStoreRoute, async (c) => {
    const { db, clock, config } = c.var.deps
    const input = c.req.valid('json')
    const body = { ...input, timeZone: input.timeZone ?? (await loadTimeZone(db, config)) }
    const now = clock()
    try {
      const [[row]] = await db.batch([
        db
          .insert(stores)
          .values({ ...body, createdAt: now })
          .returning(),
        audit(
          db,
          {
            actor: `admin:${c.var.staff.id}`,
            action: 'store.created',
            target: `store-code:${body.code}`,
            detail: body,
          },
          now.getTime(),
        ),
      ])
      const { createdAt: _, ...store } = row!
      return c.json({ ...store, staffCount: 0 }, 201)
    } catch (err) {
      if (isUnique(err)) throw conflict('store_code_taken', 'Another store already uses this code')
      throw err
    }
  })
  .openapi(updateStoreRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const now = clock()
    try {
      const [rows] = await db.batch([
        db.update(stores).set(body).where(eq(stores.id, id)).returning(),
        audit(
          db,
          { actor: `admin:${c.var.staff.id}`, action: 'store.updated', target: `store:${id}`, detail: body },
          now.getTime(),
        ),
      ])
      if (rows.length === 0) throw notFound('store_not_found', 'No store with this id')
      const { createdAt: _, ...store } = rows[0]!
      const count = await db.$count(staffTable, eq(staffTable.storeId, id))
      return c.json({ ...store, staffCount: count }, 200)
    } catch (err) {
      if (isUnique(err)) throw conflict('store_code_taken', 'Another store already uses this code')
      throw err
    }
  })
  .openapi(roleRoute, async (c) => {
    const { db, clock } = c.var.deps
    const { id } = c.req.valid('param')
    const { role, storeId } = c.req.valid('json')
    if (id === c.var.staff.id) throw new ApiError(422, 'cannot_change_own_role', 'You cannot change your own role')
    if (role !== 'admin' && storeId === null)
      throw new ApiError(422, 'store_required', 'Staff and managers belong to a store')
    const target = await db.query.staff.findFirst({ where: eq(staffTable.id, id) })
    if (!target) throw notFound('staff_not_found', 'No staff member with this id')
    const store = role === 'admin' ? null : storeId
    if (store !== null && !(await db.query.stores.findFirst({ where: eq(stores.id, store) })))
      throw notFound('store_not_found', 'No store with this id')
    const now = clock()
    await db.batch([
      db.update(staffTable).set({ role, storeId: store }).where(eq(staffTable.id, id)),
      audit(
        db,
        {
          actor: `admin:${c.var.staff.id}`,
          action: 'staff.role_changed',
          target: `staff:${id}`,
          detail: { from: { role: target.role, storeId: target.storeId }, to: { role, storeId: store } },
          storeId: store,
        },
        now.getTime(),
      ),
    ])
    return c.json({ id, role, storeId: store }, 200)
  })
