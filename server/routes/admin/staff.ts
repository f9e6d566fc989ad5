// Staff management: one-time invites (admins for any store; managers invite staff to their own), list, deactivate.
import { z } from '@hono/zod-openapi'
import { listStaff } from '../../data/staff-invites'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { deactivateStaffMember, issueStaffInvite } from '../../usecases/staff-invites'
import { liffUrl } from '../../liff-url'
import { idParam } from '../path-id'
import { accepted } from '../refusals'
import { managerRoute } from '../guarded-routes'

const InviteRequest = z
  .object({
    storeId: z.number().int().positive(),
    role: z.enum(['staff', 'manager']),
    expiresInHours: z.number().int().min(1).max(168).default(72),
  })
  .openapi('StaffInviteRequest')

const Invite = z
  .object({
    id: z.number(),
    code: z.string().openapi({ description: 'Shown once; only its hash is stored' }),
    url: z.string().openapi({ description: 'Open in LINE to join' }),
    storeId: z.number(),
    role: z.enum(['staff', 'manager']),
    expiresAt: z.string(),
  })
  .openapi('StaffInvite')

const StaffMember = z
  .object({
    id: z.number(),
    displayName: z.string(),
    storeId: z.number().nullable(),
    role: z.enum(['staff', 'manager', 'admin']),
    active: z.boolean(),
  })
  .openapi('StaffMember')

const common = {
  403: errorResponse('Not a manager or admin, or another store (`other_store`)'),
}

const inviteRoute = managerRoute('post', '/staff-invites', {
  summary: 'Create a one-time staff invite (code shown once)',
  request: { body: jsonBody(InviteRequest) },
  responses: { 201: jsonResponse('The invite', Invite), ...common, 404: errorResponse('No such store') },
})

export const listRoute = managerRoute('get', '/staff', {
  summary: 'Staff of the manager’s store (admins: everyone)',
  responses: { 200: jsonResponse('Staff', z.object({ staff: z.array(StaffMember) })), ...common },
})

const deactivateRoute = managerRoute('post', '/staff/{id}/deactivate', {
  summary: 'Deactivate a staff member',
  request: { params: idParam },
  responses: {
    200: jsonResponse('Deactivated', StaffMember),
    ...common,
    404: errorResponse('No such staff member'),
    422: errorResponse('Cannot deactivate yourself'),
  },
})

export const adminStaff = createRouter()
  .openapi(inviteRoute, async (c) => {
    const { config } = c.var.shop
    const body = c.req.valid('json')
    const { code, invite } = accepted(await issueStaffInvite(c.var.shop, { actor: c.var.staff, ...body }))
    return c.json(
      {
        id: invite.id,
        code,
        url: liffUrl(config, `/staff/join?code=${encodeURIComponent(code)}`),
        storeId: body.storeId,
        role: body.role,
        expiresAt: invite.expiresAt.toISOString(),
      },
      201,
    )
  })
  .openapi(listRoute, async (c) => {
    const actor = c.var.staff
    const rows = await listStaff(c.var.shop.db, actor.storeId)
    return c.json(
      { staff: rows.map(({ id, displayName, storeId, role, active }) => ({ id, displayName, storeId, role, active })) },
      200,
    )
  })
  .openapi(deactivateRoute, async (c) => {
    const { staff: target } = accepted(
      await deactivateStaffMember(c.var.shop, { actor: c.var.staff, staffId: c.req.valid('param').id }),
    )
    return c.json(
      { id: target.id, displayName: target.displayName, storeId: target.storeId, role: target.role, active: false },
      200,
    )
  })
