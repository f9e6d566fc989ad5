// What every integration route shares: the API key guard for its scope (`requireApiKey`), and the answers it gives
// before the handler runs, for the route's OpenAPI responses.
import type { ApiScope } from '../../domain/api-scopes'
import { requireApiKey } from '../../middleware/api-key'
import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import { errorResponse, invalidInputFor } from '../../openapi'

const apiKeyErrors = {
  401: errorResponse('Missing, unknown or revoked API key (`api_key_required`, `bad_api_key`)'),
  403: errorResponse('The key lacks the route’s scope (`api_key_scope_missing`)'),
  429: errorResponse('Over the key’s request limit (`rate_limited`, with `Retry-After`)'),
}

/**
 * A route for the shop's systems, written like the session routes (server/routes/guarded-routes.ts): an active API key
 * with `scope`, within its request limit, and the answers that guard gives among the route's responses.
 */
export const apiKeyRoute = <
  M extends RouteConfig['method'],
  P extends string,
  C extends Omit<RouteConfig, 'method' | 'path' | 'security' | 'middleware'>,
>(
  scope: ApiScope,
  method: M,
  path: P,
  contract: C,
) =>
  createRoute({
    ...contract,
    method,
    path,
    security: [{ apiKey: [] }],
    middleware: requireApiKey(scope),
    responses: { ...apiKeyErrors, ...invalidInputFor(contract), ...contract.responses },
  })
