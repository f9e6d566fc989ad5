// POST /api/staff/join: an employee opens their invite in LINE and becomes staff under their own LINE identity.
import { z } from '@hono/zod-openapi'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { joinWithInvite } from '../../usecases/staff-invites'
import { accepted } from '../refusals'
import { sessionRoute } from '../guarded-routes'

const JoinRequest = z.object({ code: z.string().trim().min(8).max(100) }).openapi('StaffJoinRequest')
export const Joined = z
  .object({
    staff: z.object({
      id: z.number(),
      displayName: z.string(),
      storeId: z.number().nullable(),
      role: z.enum(['staff', 'manager', 'admin']),
    }),
  })
  .openapi('StaffJoined')

const route = sessionRoute('post', '/', {
  summary: 'Join as staff with a one-time invite code',
  request: { body: jsonBody(JoinRequest) },
  responses: {
    200: jsonResponse('You are staff now', Joined),
    404: errorResponse('Unknown code (`invite_not_found`)'),
    409: errorResponse('`invite_used`, `already_staff`'),
    410: errorResponse('`invite_expired`'),
  },
})

export const staffJoin = createRouter().openapi(route, async (c) => {
  const { staff: row } = accepted(
    await joinWithInvite(c.var.shop, { code: c.req.valid('json').code, lineUserId: c.var.session.lineUserId }),
  )
  return c.json({ staff: { id: row.id, displayName: row.displayName, storeId: row.storeId, role: row.role } }, 200)
})
