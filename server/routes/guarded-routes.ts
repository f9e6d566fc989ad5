// Route contracts by who may call them, written like Hono's own `app.get(path, …)`: the method, the path, then the
// contract. Each puts the bearer scheme and the middleware that checks the caller on the route, and the answers given
// before the handler runs (401, 403, 404 `not_linked`, and 400 for a route that takes input) among its OpenAPI
// responses, so a route file writes only its own input and answers. A route's own words for one of those statuses
// replace these.
import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import type { StaffRole } from '../../db/schema'
import { requireSession } from '../middleware/session'
import { requireStaff } from '../middleware/staff'
import { bearerAuth, errorResponse, invalidInputFor } from '../openapi'

type Method = RouteConfig['method']

/** What a route file writes: everything but its method, path and who may call it. */
type Contract = Omit<RouteConfig, 'method' | 'path' | 'security' | 'middleware'>

const noSession = { 401: errorResponse('No valid session') }

/** A route for any signed-in LINE user: a customer, or someone joining as staff. */
export const sessionRoute = <M extends Method, P extends string, C extends Contract>(method: M, path: P, contract: C) =>
  createRoute({
    ...contract,
    method,
    path,
    security: bearerAuth,
    middleware: [requireSession] as const,
    responses: { ...noSession, ...invalidInputFor(contract), ...contract.responses },
  })

const notLinked = { 404: errorResponse('This LINE account is not linked to a membership (`not_linked`)') }

/** A route for a signed-in customer whose LINE account is linked to a membership. */
export const memberRoute = <M extends Method, P extends string, C extends Contract>(method: M, path: P, contract: C) =>
  sessionRoute(method, path, { ...contract, responses: { ...notLinked, ...contract.responses } })

const staffOnly = <M extends Method, P extends string, C extends Contract>(
  [method, path, contract]: [M, P, C],
  roles: StaffRole[],
  refused: string,
) =>
  createRoute({
    ...contract,
    method,
    path,
    security: bearerAuth,
    middleware: [requireSession, requireStaff(...roles)] as const,
    responses: { ...noSession, 403: errorResponse(refused), ...invalidInputFor(contract), ...contract.responses },
  })

/** A route for active staff of any role (`c.var.staff`). */
export const staffRoute = <M extends Method, P extends string, C extends Contract>(...route: [M, P, C]) =>
  staffOnly(route, [], 'Not staff (`not_staff`)')

/** A route for active managers and admins. */
export const managerRoute = <M extends Method, P extends string, C extends Contract>(...route: [M, P, C]) =>
  staffOnly(route, ['manager', 'admin'], 'Not a manager or admin (`not_staff`, `role_required`)')

/** A route of the admin console: active admins only. */
export const adminRoute = <M extends Method, P extends string, C extends Contract>(...route: [M, P, C]) =>
  staffOnly(route, ['admin'], 'Admins only (`not_staff`, `role_required`)')
