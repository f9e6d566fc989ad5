import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NetworkError } from '../../../liff-app/src/api/http'
import { idTokenClaims, launchSessionAnswer, takeLaunchSession } from '../../../liff-app/src/session/launch-session'

const jwt = (claims: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`

describe('launch session', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads the claims of an ID token, UTF-8 names included', () => {
    expect(idTokenClaims(jwt({ sub: 'U1', name: '山田 花子' }))).toEqual({ sub: 'U1', name: '山田 花子' })
  })

  it('gives null for what is not a JWT', () => {
    for (const token of ['', 'abc', 'a.b.c', `x.${Buffer.from('"text"').toString('base64url')}.y`, 'a.!!!.b']) {
      expect(idTokenClaims(token), token).toBeNull()
    }
  })

  it('hands the launch request over once', () => {
    const launch = { idToken: 'id', answer: Promise.resolve({ ok: true, status: 200, statusText: '', body: {} }) }
    vi.stubGlobal('window', { __tsunaguLaunch: launch })
    expect(takeLaunchSession()).toBe(launch)
    expect(takeLaunchSession()).toBeNull()
  })

  it('takes the launch answer like any API answer: an error body becomes an ApiError, no answer a NetworkError', async () => {
    const answer = Promise.resolve({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
      body: { error: { code: 'id_token_expired', message: 'expired' } },
    })
    const err = await launchSessionAnswer({ idToken: 'id', answer }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 401, code: 'id_token_expired' })
    const offline = launchSessionAnswer({ idToken: 'id', answer: Promise.reject(new TypeError('Failed to fetch')) })
    await expect(offline).rejects.toBeInstanceOf(NetworkError)
    const session = { token: 't' }
    expect(
      await launchSessionAnswer({
        idToken: 'id',
        answer: Promise.resolve({ ok: true, status: 200, statusText: '', body: session }),
      }),
    ).toBe(session)
  })
})
