// API errors: thrown anywhere, turned into `{ error: { code, message } }` by one handler on the top app.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { CsvSyntaxError } from './domain/csv'
import { Refused } from './domain/refusal'
import type { AppDeps, AppEnv, ReportError } from './env'
import { refusalError } from './routes/refusals'

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message })
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new ApiError(400, code, message, details)
export const unauthorized = (code: string, message: string) => new ApiError(401, code, message)
export const forbidden = (code: string, message: string) => new ApiError(403, code, message)
export const notFound = (code: string, message: string) => new ApiError(404, code, message)
export const conflict = (code: string, message: string) => new ApiError(409, code, message)
/** 429 whose wait is sent twice: in `Retry-After` and, for the UI to put in words, in `details.retryAfterSeconds`. */
export const tooManyRequests = (code: string, message: string, retryAfterSeconds: number, details: object = {}) =>
  new ApiError(429, code, message, { ...details, retryAfterSeconds })

/** The `Retry-After` an error carries (see `tooManyRequests`), if any. */
export function retryAfterOf(err: ApiError): number | undefined {
  const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return err.status === 429 && typeof wait === 'number' ? wait : undefined
}

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
}

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

export function handleError(err: Error, c: Context<AppEnv>): Response {
  // A ledger refusal that no use case answered as a value: still the one table's status and code.
  if (err instanceof Refused) return handleError(refusalError(err.refusal), c)
  if (err instanceof ApiError) {
    const wait = retryAfterOf(err)
    if (wait !== undefined) c.header('Retry-After', String(wait))
    return c.json(errorBody(err.code, err.message, err.details), err.status)
  }
  // An upload whose quoting is broken: nothing of it was read into the database.
  if (err instanceof CsvSyntaxError) {
    return c.json(errorBody('csv_malformed', err.message, { row: err.row, column: err.column }), 400)
  }
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(codeByStatus[err.status] ?? 'bad_request', err.message), err.status)
  }
  const requestId = c.get('requestId')
  console.error('unhandled error', requestId, c.req.method, c.req.path, err)
  reportUnexpected(c.get('shop'), err, { requestId, method: c.req.method, path: c.req.path })
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again.'), 500)
}

/** Hands an unexpected error to the shop's error tracker, if any; a tracker that fails is logged, never answered. */
function reportUnexpected(deps: AppDeps | undefined, err: unknown, request: Parameters<ReportError>[1]): void {
  if (!deps?.reportError) return
  try {
    const pending = deps.reportError(err, request)
    if (pending) deps.background(pending)
  } catch (reportFailed) {
    console.error('reportError failed', reportFailed)
  }
}

export function handleNotFound(c: Context) {
  return c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
}
