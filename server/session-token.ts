// Short-lived session tokens the server issues after verifying a LINE ID token (HS256 JWT).
import { errors, jwtVerify, SignJWT } from 'jose'
import { unauthorized } from './errors'
import type { Session } from './env'

export const sessionTtlSeconds = 30 * 60
const audience = 'tsunagu-session'

// Imported once per secret: verifying a session is on every request's path.
const keys = new Map<string, Promise<CryptoKey>>()
function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret)
  if (!k) {
    k = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ])
    keys.set(secret, k)
  }
  return k
}

export async function signSession(
  secret: string,
  session: Session,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000)
  const expiresAt = new Date((iat + sessionTtlSeconds) * 1000)
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.lineUserId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + sessionTtlSeconds)
    .sign(await key(secret))
  return { token, expiresAt }
}

/** Throws a 401 ApiError (`session_expired` or `unauthorized`) for anything but a valid session token. */
export async function verifySession(secret: string, token: string, now: Date): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, await key(secret), { algorithms: ['HS256'], audience, currentDate: now })
    if (!payload.sub) throw unauthorized('unauthorized', 'Invalid session')
    return { lineUserId: payload.sub }
  } catch (err) {
    if (err instanceof errors.JWTExpired)
      throw unauthorized('session_expired', 'Your session has expired; please sign in again')
    throw unauthorized('unauthorized', 'A valid session token is required')
  }
}
