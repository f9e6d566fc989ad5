// Admin actions on a membership's LINE link: POST /api/admin/members/{memberId}/unlink.
import { createRoute, z } from '@hono/zod-openapi'
import { findAccountOfMember } from '../../data/linking'
import { notFound } from '../../errors'
import { unlinkAndShowMenu } from '../../linking/actions'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { bearerAuth, createRouter, errorResponse, jsonResponse } from '../../openapi'
import { pathId } from '../path-id'
import { staffActor } from '../../data/audit'

const route = createRoute({
  method: 'post',
  path: '/{memberId}/unlink',
  summary: 'Unlink a membership from its LINE account (admin)',
  security: bearerAuth,
  middleware: [requireSession, requireStaff('admin')] as const,
  request: {
    params: z.object({
      memberId: pathId('memberId'),
    }),
  },
  responses: {
    200: jsonResponse('Unlinked', z.object({ unlinked: z.literal(true), lineUserId: z.string() })),
    401: errorResponse('No valid session'),
    403: errorResponse('Admins only'),
    404: errorResponse('The membership is not linked to a LINE account (`not_linked`)'),
  },
})

export const adminMembers = createRouter().openapi(route, async (c) => {
  const deps = c.var.shop
  const { memberId } = c.req.valid('param')
  const account = await findAccountOfMember(deps.db, memberId)
  if (!account) throw notFound('not_linked', 'This membership is not linked to a LINE account')
  const unlinked = await unlinkAndShowMenu(deps, {
    lineUserId: account.lineUserId,
    actor: staffActor(c.var.staff),
    reason: 'admin',
  })
  if (unlinked === null) throw notFound('not_linked', 'This membership is not linked to a LINE account')
  return c.json({ unlinked: true as const, lineUserId: account.lineUserId }, 200)
})
