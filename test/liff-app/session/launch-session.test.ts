import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NetworkError } from '../../../liff-app/src/api/http'
import {
  confirmLaunchUser,
  idTokenClaims,
  launchSessionAnswer,
  takeLaunchSession,
  withoutLaunchCredentials,
} from '../../../liff-app/src/session/launch-session'

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

  it('takes LINE’s credentials out of a URL and leaves the rest of the fragment', () => {
    expect(withoutLaunchCredentials('https://shop.example/?welcome=1#access_token=a&id_token=b&context_token=c')).toBe(
      'https://shop.example/?welcome=1',
    )
    expect(withoutLaunchCredentials('https://shop.example/staff#id_token=b&tab=earn&feature_token=f')).toBe(
      'https://shop.example/staff#tab=earn',
    )
  })

  describe('confirming the launch’s user once LIFF has started', () => {
    const liffHolding = (idToken: string | null) => ({
      current: () => idToken,
      renew: () => Promise.reject(new Error('no')),
    })
    const sessionFor = (lineUserId: string | null) => ({
      sessionToken: () => (lineUserId ? Promise.resolve('token') : Promise.reject(new Error('offline'))),
      lineUserId: () => lineUserId,
    })

    it('agrees when LIFF’s ID token is for the session’s LINE user, even another token of theirs', async () => {
      expect(await confirmLaunchUser(liffHolding(jwt({ sub: 'U1' })), sessionFor('U1'))).toBe(true)
    })

    it('asks to start again when LIFF holds another user’s ID token', async () => {
      expect(await confirmLaunchUser(liffHolding(jwt({ sub: 'U2' })), sessionFor('U1'))).toBe(false)
      expect(await confirmLaunchUser(liffHolding('not-a-jwt'), sessionFor('U1'))).toBe(false)
    })

    it('has nothing to compare when LIFF holds no token or there is no session', async () => {
      expect(await confirmLaunchUser(liffHolding(null), sessionFor('U1'))).toBe(true)
      expect(await confirmLaunchUser(liffHolding(jwt({ sub: 'U2' })), sessionFor(null))).toBe(true)
    })
  })
})
