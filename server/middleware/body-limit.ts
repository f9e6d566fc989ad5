// Request body limits counted while the body streams in: 413 `payload_too_large` before the rest is read.
import type { Context, MiddlewareHandler } from 'hono'
import { errorBody } from '../errors'

/** Methods whose body a route may read. GET and HEAD never pass a limit: the card's GET stays free of it. */
export const bodyMethods = ['POST', 'PUT', 'PATCH', 'DELETE']

/** Forms (account-link login, the sandbox's dialogs) carry a few short fields. */
export const formBodyLimitBytes = 4 * 1024

/**
 * The LINE sandbox (Messaging API fake, its pages): twice the largest body LINE's API takes (a 1 MB rich-menu image),
 * so that the sandbox still answers LINE's own error to an image just over that size.
 */
export const sandboxBodyLimitBytes = 2 * 1024 * 1024

/** Bytes of a body already read under a limit, so that a second, smaller limit on the same request only compares. */
const limitedSizes = new WeakMap<Request, number>()

/**
 * Reads the body under `maxBytes`, counting the bytes as they arrive whatever Content-Length says (chunked, absent
 * or false), stops reading at the first byte over and answers 413; otherwise hands the route the buffered body.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const size = limitedSizes.get(c.req.raw) ?? (await readUnder(c, maxBytes))
    if (size === undefined || size > maxBytes) return tooLarge(c, maxBytes)
    await next()
  }
}

export interface BodyLimitRule {
  /** An exact path, or a prefix ending in `/*`. */
  path: string
  maxBytes: number
}

/** One limit for every request with a body: the first rule whose path matches, else `fallbackBytes`. */
export function limitBodies(rules: BodyLimitRule[], fallbackBytes: number): MiddlewareHandler {
  const checks = rules.map((rule) => ({ matches: pathMatcher(rule.path), check: limitBody(rule.maxBytes) }))
  const fallback = limitBody(fallbackBytes)
  return (c, next) => {
    const path = c.req.path
    return (checks.find((rule) => rule.matches(path))?.check ?? fallback)(c, next)
  }
}

function pathMatcher(pattern: string): (path: string) => boolean {
  if (!pattern.endsWith('/*')) return (path) => path === pattern
  const base = pattern.slice(0, -2)
  return (path) => path === base || path.startsWith(`${base}/`)
}

/** The body's size, or undefined once it is known to exceed `maxBytes` (the rest is never read). */
async function readUnder(c: Context, maxBytes: number): Promise<number | undefined> {
  const req = c.req.raw
  const declared = Number(req.headers.get('content-length'))
  if (declared > maxBytes) return undefined
  if (!req.body) return 0
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // The Node adapter discards what the client still sends once the 413 is out, then closes the connection.
      reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  c.req.raw = new Request(req, { body })
  limitedSizes.set(c.req.raw, size)
  return size
}

function tooLarge(c: Context, maxBytes: number) {
  return c.json(errorBody('payload_too_large', `Request bodies here are limited to ${maxBytes} bytes`), 413)
}
