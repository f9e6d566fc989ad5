// What every admin console route shares: a session of an active admin (customers, staff and managers get 403).
import { z } from '@hono/zod-openapi'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { errorResponse } from '../../openapi'

export const adminOnly = [requireSession, requireStaff('admin')]

export const adminErrors = {
  401: errorResponse('No valid session'),
  403: errorResponse('Admins only (`not_staff`, `role_required`)'),
}

/** `{id}` in an admin route's path: a positive integer. */
export const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' } }),
})
