// Admin actions on a membership's LINE link: POST /api/admin/members/{memberId}/unlink.
import { z } from '@hono/zod-openapi'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import { unlinkMembership } from '../../usecases/unlink'
import { pathId } from '../path-id'
import { accepted } from '../refusals'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

const route = adminRoute('post', '/{memberId}/unlink', {
  summary: 'Unlink a membership from its LINE account (admin)',
  request: {
    params: z.object({
      memberId: pathId('memberId'),
    }),
  },
  responses: {
    200: jsonResponse('Unlinked', z.object({ unlinked: z.literal(true), lineUserId: z.string() })),
    404: errorResponse('The membership is not linked to a LINE account (`not_linked`)'),
  },
})

export const adminMembers = createRouter().openapi(route, async (c) => {
  const deps = c.var.shop
  const { memberId } = c.req.valid('param')
  const { lineUserId } = accepted(
    await unlinkMembership(deps, { memberId, actor: staffActor(c.var.staff), reason: 'admin' }),
  )
  return c.json({ unlinked: true as const, lineUserId }, 200)
})
