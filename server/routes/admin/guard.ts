// What every admin console route shares: a session of an active admin (customers, staff and managers get 403).
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { errorResponse } from '../../openapi'

export const adminOnly = [requireSession, requireStaff('admin')]

export const adminErrors = {
  401: errorResponse('No valid session'),
  403: errorResponse('Admins only (`not_staff`, `role_required`)'),
}
