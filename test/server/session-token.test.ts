import { createHmac } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../server/errors'
import { createVerifiedSessions, sessionTtlSeconds, signSession, verifySession } from '../../server/session-token'

const secret = 'a-session-secret-of-thirty-two-chars!'
const otherSecret = 'another-secret-of-thirty-two-chars!!'
const now = new Date('2026-11-23T10:00:00Z')
const seconds = now.getTime() / 1000
const key = new TextEncoder().encode(secret)
/** The tokens this shop (`secret`) verified already. */
const kept = createVerifiedSessions(() => now)

/** The error code verifySession answers with, or 'ok'. */
function outcome(token: string, at = now): string {
  try {
    verifySession(secret, token, at, kept)
    return 'ok'
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(401)
    return (err as ApiError).code
  }
}

const jose = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }) =>
  new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key)

const base64Url = (text: string) => Buffer.from(text).toString('base64url')

describe('session tokens', () => {
  it('verify what they sign, for the session’s 30 minutes and not a second longer', () => {
    const { token, expiresAt } = signSession(secret, { lineUserId: 'U1' }, now)
    expect(verifySession(secret, token, now, kept)).toEqual({ lineUserId: 'U1' })
    expect(expiresAt.getTime()).toBe(now.getTime() + sessionTtlSeconds * 1000)
    expect(outcome(token, new Date(expiresAt.getTime() - 1000))).toBe('ok')
    expect(outcome(token, expiresAt)).toBe('session_expired')
  })

  it('are standard HS256 JWTs that a JWT library accepts', async () => {
    const { token } = signSession(secret, { lineUserId: 'U1' }, now)
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      audience: 'tsunagu-session',
      currentDate: now,
    })
    expect(protectedHeader).toEqual({ alg: 'HS256' })
    expect(payload).toEqual({ sub: 'U1', aud: 'tsunagu-session', iat: seconds, exp: seconds + sessionTtlSeconds })
  })

  it('are not taken on another shop’s secret, even once verified by this one', () => {
    const { token } = signSession(secret, { lineUserId: 'U1' }, now)
    expect(outcome(token)).toBe('ok')
    expect(() =>
      verifySession(
        otherSecret,
        token,
        now,
        createVerifiedSessions(() => now),
      ),
    ).toThrow(ApiError)
  })

  it('accept the tokens jose signed before (sessions alive across the deploy)', async () => {
    const token = await jose({ sub: 'U2', aud: 'tsunagu-session', iat: seconds, exp: seconds + 60 })
    expect(verifySession(secret, token, now, kept)).toEqual({ lineUserId: 'U2' })
  })

  it('refuse another secret, a changed payload or signature, other algorithms and other shapes', async () => {
    const { token } = signSession(secret, { lineUserId: 'U1' }, now)
    const [head, payload, signature] = token.split('.') as [string, string, string]
    const forgedPayload = base64Url(
      JSON.stringify({ sub: 'U9', aud: 'tsunagu-session', iat: seconds, exp: seconds + 60 }),
    )
    const lastChar = signature.at(-1) === 'A' ? 'B' : 'A'
    const refused = {
      'other secret': signSession(otherSecret, { lineUserId: 'U1' }, now).token,
      'changed payload': `${head}.${forgedPayload}.${signature}`,
      'changed signature': `${head}.${payload}.${signature.slice(0, -1)}${lastChar}`,
      'signature padded': `${head}.${payload}.${signature}=`,
      'no signature': `${head}.${payload}.`,
      'alg none': `${base64Url('{"alg":"none"}')}.${payload}.`,
      'header with typ': await jose(
        { sub: 'U1', aud: 'tsunagu-session', exp: seconds + 60 },
        { alg: 'HS256', typ: 'JWT' },
      ),
      HS512: await jose({ sub: 'U1', aud: 'tsunagu-session', exp: seconds + 60 }, { alg: 'HS512' }),
      'two parts': `${head}.${payload}`,
      'four parts': `${token}.x`,
      garbage: 'not-a-token',
      'non-ASCII signature': `${head}.${payload}.${'é'.repeat(43)}`,
    }
    for (const [label, bad] of Object.entries(refused))
      expect(`${label}: ${outcome(bad)}`).toBe(`${label}: unauthorized`)
  })

  it('refuse signed tokens whose claims are not a session’s', async () => {
    const exp = seconds + 60
    const refused = {
      'other audience': await jose({ sub: 'U1', aud: 'someone-else', exp }),
      'audience list': await jose({ sub: 'U1', aud: ['tsunagu-session'], exp }),
      'no expiry': await jose({ sub: 'U1', aud: 'tsunagu-session' }),
      'no subject': await jose({ aud: 'tsunagu-session', exp }),
      'empty subject': await jose({ sub: '', aud: 'tsunagu-session', exp }),
      'not yet valid': await jose({ sub: 'U1', aud: 'tsunagu-session', exp, nbf: seconds + 30 }),
    }
    for (const [label, bad] of Object.entries(refused))
      expect(`${label}: ${outcome(bad)}`).toBe(`${label}: unauthorized`)
    // A payload that is signed but not JSON at all
    const head = base64Url('{"alg":"HS256"}')
    const body = base64Url('not json')
    const mac = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')
    expect(outcome(`${head}.${body}.${mac}`)).toBe('unauthorized')
  })
})
