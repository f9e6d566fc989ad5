// Short-lived session tokens the server issues after verifying a LINE ID token: HS256 JWTs (RFC 7519).
// Signed and checked with a synchronous HMAC (driver/noble-hmac.ts): a session is verified on every request, and the async
// WebCrypto path of a JWT library cost ~100 µs of it, more than the card's whole database read. Only our own exact
// header is accepted, so no `alg` choice is ever left to the token.
import { hmacSha256 } from './driver/noble-hmac'
import { macText, sameMac } from './domain/same-mac'
import { createCache, type Cache } from './cache'
import type { Clock, Session } from './env'
import { unauthorized } from './errors'

export const sessionTtlSeconds = 30 * 60
const audience = 'tsunagu-session'

const base64Url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url')

/** `{"alg":"HS256"}`, the header every session token carries (as jose's `SignJWT` wrote it before this module). */
const header = base64Url(JSON.stringify({ alg: 'HS256' }))
const base64UrlText = /^[A-Za-z0-9_-]+$/

interface Claims {
  sub?: unknown
  aud?: unknown
  exp?: unknown
  nbf?: unknown
}

export function signSession(secret: string, session: Session, now: Date): { token: string; expiresAt: Date } {
  const iat = Math.floor(now.getTime() / 1000)
  const exp = iat + sessionTtlSeconds
  const payload = base64Url(JSON.stringify({ sub: session.lineUserId, aud: audience, iat, exp }))
  const signed = `${header}.${payload}`
  return { token: `${signed}.${macText(hmacSha256(secret, signed))}`, expiresAt: new Date(exp * 1000) }
}

const invalid = () => unauthorized('unauthorized', 'A valid session token is required')

function claimsOf(payload: string): Claims {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof claims === 'object' && claims !== null && !Array.isArray(claims)) return claims
  } catch {
    // not JSON: falls through to the same answer as any other bad token
  }
  throw invalid()
}

/** The signed claims of `token`, or a 401 for a token that is not ours, byte for byte. */
function signedClaims(secret: string, token: string): Claims {
  const parts = token.split('.')
  if (parts.length !== 3) throw invalid()
  const [head, payload, signature] = parts as [string, string, string]
  if (head !== header || !base64UrlText.test(payload)) throw invalid()
  if (!sameMac(hmacSha256(secret, `${head}.${payload}`), signature)) throw invalid()
  return claimsOf(payload)
}

/**
 * Tokens whose signature checked out, with their claims (the claims are still checked on every use), kept by the shop
 * context (server/shop.ts) for its one secret. A customer's token comes back on every card read and QR rotation for
 * its 30 minutes; the MAC and JSON decode were ~10 µs of each.
 */
export type VerifiedSessions = Cache<string, Claims>
export const verifiedSessionsKept = 10_000

export const createVerifiedSessions = (clock: Clock): VerifiedSessions =>
  createCache({ clock, maxEntries: verifiedSessionsKept })

/**
 * Throws a 401 ApiError (`session_expired` or `unauthorized`) for anything but a valid session token. `kept`: the
 * shop's tokens already verified with this `secret`.
 */
export function verifySession(secret: string, token: string, now: Date, kept: VerifiedSessions): Session {
  // Signed by us: the claims are ours, still checked as a JWT verifier would.
  const claims = kept.get(token, () => signedClaims(secret, token))
  const seconds = Math.floor(now.getTime() / 1000)
  if (claims.aud !== audience || typeof claims.exp !== 'number') throw invalid()
  if (typeof claims.nbf === 'number' && claims.nbf > seconds) throw invalid()
  if (claims.exp <= seconds) throw unauthorized('session_expired', 'Your session has expired; please sign in again')
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid()
  return { lineUserId: claims.sub }
}
