// Every request gets an id (answered as X-Request-Id, errors and 404s included) and one JSON access line.
import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppDeps, AppEnv } from '../env'

export const requestIdHeader = 'X-Request-Id'

/** What a caller or proxy may hand us as an id: short, and nothing that could break a log line or a header. */
const wellFormedId = /^[\w.:-]{1,128}$/

/**
 * The id of a request: the one a proxy in front gave it (`X-Request-Id`, or Cloudflare's `CF-Ray`, so the line can be
 * found beside Cloudflare's own logs) when it is well formed, else a new one.
 */
export function requestIdOf(headers: Headers): string {
  for (const name of [requestIdHeader, 'cf-ray']) {
    const given = headers.get(name)
    if (given && wellFormedId.test(given)) return given
  }
  return crypto.randomUUID()
}

/** The fields of an access line. `path` never carries a query string (tokens, tickets, personal data travel there). */
export interface AccessEntry {
  requestId: string
  method: string
  path: string
  status: number
  ms: number
}

/** Writes the request's one access line, if the app was given a log. */
export function logAccess(deps: AppDeps, entry: AccessEntry): void {
  deps.log?.(JSON.stringify({ time: deps.clock().toISOString(), event: 'request', ...entry }))
}

/** A copy of the response with its X-Request-Id (a fetched response's headers cannot be changed in place). */
export function withRequestId(res: Response, id: string): Response {
  const headers = new Headers(res.headers)
  headers.set(requestIdHeader, id)
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers })
}

/** Milliseconds since `started`, to a tenth. */
export const elapsedMs = (started: number) => Math.round((performance.now() - started) * 10) / 10

/**
 * The path to log: the matched route's pattern (`/api/admin/members/:id`), so no member number or LINE user id in a
 * path reaches the log; the request's path when no route matched (a 404) or a catch-all served it.
 */
function loggedPath(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const pattern = routePath(c, -1)
  return pattern && !pattern.includes('*') ? pattern : c.req.path.slice(0, 256)
}

/** The first middleware of the app: sets `requestId`, answers it as X-Request-Id and logs the request. */
export function requestLog(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    const requestId = requestIdOf(c.req.raw.headers)
    c.set('requestId', requestId)
    // Prepared before the answer exists, so every answer built by `c.json()` & co. (errors and 404s too) has it.
    c.header(requestIdHeader, requestId)
    await next()
    // An answer a handler built itself (a static file, a proxied one) gets it now.
    if (c.res.headers.get(requestIdHeader) !== requestId) c.res = withRequestId(c.res, requestId)
    logAccess(deps, {
      requestId,
      method: c.req.method,
      path: loggedPath(c),
      status: c.res.status,
      ms: elapsedMs(started),
    })
  }
}
