// What every integration route shares: the API key guard for its scope (`requireApiKey`), and the answers it gives
// before the handler runs, for the route's OpenAPI responses.
import type { ApiScope } from '../../domain/api-scopes'
import { requireApiKey } from '../../middleware/api-key'
import { errorResponse } from '../../openapi'

/** A route's `security` and `middleware`: an active API key with `scope`, within its request limit. */
export const apiKeyGuard = (scope: ApiScope) => ({
  security: [{ apiKey: [] }],
  middleware: requireApiKey(scope),
})

export const apiKeyErrors = {
  401: errorResponse('Missing, unknown or revoked API key (`api_key_required`, `bad_api_key`)'),
  403: errorResponse('The key lacks the route’s scope (`api_key_scope_missing`)'),
  429: errorResponse('Over the key’s request limit (`rate_limited`, with `Retry-After`)'),
}
