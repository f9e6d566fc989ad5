// Short-lived session tokens the server issues after verifying a LINE ID token (HS256 JWT).
import { errors, jwtVerify, SignJWT } from 'jose'
import { unauthorized } from './errors'
import type { Session } from './env'

export const sessionTtlSeconds = 30 * 60
const audience = 'tsunagu-session'

const key = (secret: string) => new TextEncoder().encode(secret)

export async function signSession(secret: string, session: Session, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000)
  const expiresAt = new Date((iat + sessionTtlSeconds) * 1000)
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.lineUserId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + sessionTtlSeconds)
    .sign(key(secret))
  return { token, expiresAt }
}

/** Throws a 401 ApiError (`session_expired` or `unauthorized`) for anything but a valid session token. */
export async function verifySession(secret: string, token: string, now: Date): Promise<Session> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], audience, currentDate: now })
    if (!payload.sub) throw unauthorized('unauthorized', 'Invalid session')
    return { lineUserId: payload.sub }
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw unauthorized('session_expired', 'Your session has expired; please sign in again')
    throw unauthorized('unauthorized', 'A valid session token is required')
  }
}
