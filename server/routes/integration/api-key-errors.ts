// The answers every integration route can give before its handler runs (`requireApiKey`), for its OpenAPI responses.
import { errorResponse } from '../../openapi'

export const apiKeyErrors = {
  401: errorResponse('Missing, unknown or revoked API key (`api_key_required`, `bad_api_key`)'),
  403: errorResponse('The key lacks the route’s scope (`api_key_scope_missing`)'),
  429: errorResponse('Over the key’s request limit (`rate_limited`, with `Retry-After`)'),
}
