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

/** Bodies already read under a limit, by request, so that a second limit on the same request only compares. */
const bufferedBodies = new WeakMap<Request, Uint8Array<ArrayBuffer>>()

/** Decodes as Request.text() does: UTF-8, a leading BOM dropped, malformed bytes replaced. */
const utf8 = new TextDecoder()

/**
 * Reads the body under `maxBytes`, counting the bytes as they arrive whatever Content-Length says (chunked, absent
 * or false), stops reading at the first byte over and answers 413; otherwise hands the route the buffered body in
 * Hono's body cache, which c.req.json(), text(), arrayBuffer() and parseBody() read. `c.req.raw` stays the request
 * that came, its body consumed: a second Request carrying the body cost ~13 % of the LINE sandbox's CPU under load.
 * An app handed that request (`app.fetch(c.req.raw)`) finds the body through its own limitBody.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const body = bufferedBodies.get(c.req.raw) ?? (await readUnder(c.req.raw, maxBytes))
    if (body === undefined || body.byteLength > maxBytes) return tooLarge(c, maxBytes)
    // A request without a body stream is left for Hono to read as it is (an empty body, or one a transport carries
    // otherwise, such as the benchmarks' string-bodied requests).
    if (c.req.raw.body && !c.req.bodyCache.arrayBuffer) cacheBody(c, body)
    await next()
  }
}

/**
 * `req` with a body that can still be read: itself, unless a limit here read its body; then a copy carrying that
 * body. For handing a request on to anything but an app with limitBody (a proxy).
 */
export function readableRequest(req: Request): Request {
  const body = bufferedBodies.get(req)
  return body ? new Request(req, { body }) : req
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

/** The body, or undefined once it is known to exceed `maxBytes` (the rest is never read). */
async function readUnder(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(req.headers.get('content-length'))
  if (declared > maxBytes) return undefined
  if (!req.body) return new Uint8Array(0)
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
  bufferedBodies.set(req, body)
  return body
}

/**
 * Hono's body methods answer from `c.req.bodyCache` before reading `c.req.raw`: arrayBuffer() (and with it bytes(),
 * parseBody(), formData(), blob(), which Hono converts from the first cached entry) gets the buffer itself; text()
 * and json() the text, decoded on first use only, so that an image or an import is never decoded.
 */
function cacheBody(c: Context, body: Uint8Array<ArrayBuffer>) {
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>
  cache.arrayBuffer = Promise.resolve(body.buffer)
  let text: Promise<string> | undefined
  Object.defineProperty(cache, 'text', {
    enumerable: true,
    get: () => (text ??= Promise.resolve(utf8.decode(body))),
  })
}

function tooLarge(c: Context, maxBytes: number) {
  return c.json(errorBody('payload_too_large', `Request bodies here are limited to ${maxBytes} bytes`), 413)
}
