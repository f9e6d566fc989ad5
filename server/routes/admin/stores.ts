// Stores (admin): list, add, edit; and a staff member's role (invites and deactivation are in admin-staff.ts).
import { z } from '@hono/zod-openapi'
import { listStoresWithStaff } from '../../data/stores'
import { timeZoneName } from '../../data/settings'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { addStore, editStore } from '../../usecases/shop-setup'
import { changeStaffRole } from '../../usecases/staff-invites'
import { idParam } from '../path-id'
import { accepted, found } from '../refusals'
import { singleLine } from '../../domain/free-text'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

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
export const listRoute = adminRoute('get', '/stores', {
  summary: 'Stores',
  responses: { 200: jsonResponse('Stores', z.object({ stores: z.array(Store) })) },
})
const createStoreRoute = adminRoute('post', '/stores', {
  summary: 'Add a store',
  request: { body: jsonBody(StoreInput) },
  responses: { 201: jsonResponse('Added', Store), 409: errorResponse('Code already used') },
})
const updateStoreRoute = adminRoute('put', '/stores/{id}', {
  summary: 'Edit a store',
  request: { params: idParam, body: jsonBody(StoreInput) },
  responses: {
    200: jsonResponse('Saved', Store),
    404: errorResponse('No such store'),
    409: errorResponse('Code already used'),
  },
})
const roleRoute = adminRoute('post', '/staff/{id}/role', {
  summary: "Change a staff member's role and store (admins have no store)",
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
  },
})

export const adminStores = createRouter()
  .openapi(listRoute, async (c) => c.json({ stores: await listStoresWithStaff(c.var.shop.db) }, 200))
  .openapi(createStoreRoute, async (c) => {
    const store = found(await addStore(c.var.shop, { store: c.req.valid('json'), actor: staffActor(c.var.staff) }))
    return c.json(store, 201)
  })
  .openapi(updateStoreRoute, async (c) => {
    const input = { id: c.req.valid('param').id, store: c.req.valid('json'), actor: staffActor(c.var.staff) }
    return c.json(found(await editStore(c.var.shop, input)), 200)
  })
  .openapi(roleRoute, async (c) => {
    const { role, storeId } = c.req.valid('json')
    const changed = accepted(
      await changeStaffRole(c.var.shop, { actor: c.var.staff, staffId: c.req.valid('param').id, role, storeId }),
    )
    return c.json({ id: changed.staffId, role, storeId: changed.storeId }, 200)
  })
