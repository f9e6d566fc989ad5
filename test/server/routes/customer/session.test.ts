import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { lineAccounts } from '../../../../db/schema'
import { personaByKey } from '../../../../server/sandbox/personas'
import { testAppPerSuite, json } from '../../../support/test-app'

const customer = personaByKey('customer')!

describe('POST /api/session', () => {
  const t = testAppPerSuite()

  const post = (body: unknown) => t.app.request('/api/session', json(body))
  const expectRejected = async (idToken: string, code: string) => {
    const res = await post({ idToken })
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe(code)
  }

  it('exchanges a valid ES256 ID token for a session naming the member and staff role', async () => {
    const { idToken } = await t.login.issueIdToken(customer.lineUserId)
    const res = await post({ idToken })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.user).toEqual({ lineUserId: customer.lineUserId, displayName: customer.displayName })
    expect(body.member).toEqual({ memberNumber: '0000000018', name: '山田 花子' })
    expect(body.staff).toBeNull()
    expect(body.card.member).toMatchObject({ memberNumber: '0000000018', balance: 1700 })
    expect(body.card.token.ttlSeconds).toBe(60)
    expect(new Date(body.expiresAt).getTime()).toBe(t.clock.now.getTime() + 30 * 60_000)
  })

  it('writes the LINE account only when it is new or LINE reports another name, so kept cards stay kept', async () => {
    const lineUserId = customer.lineUserId
    const account = () => t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId) })
    const signIn = async (name?: string) => {
      const { idToken } = await t.login.issueIdToken(lineUserId, { name })
      expect((await post({ idToken })).status).toBe(200)
    }
    const real = t.deps.cardViews!
    let cardReads = 0
    t.deps.cardViews = {
      read: (user, now, load) =>
        real.read(user, now, () => {
          cardReads++
          return load()
        }),
    }
    try {
      await signIn()
      const before = await account()
      const readsAfterFirst = cardReads
      t.clock.advance(60_000)
      await signIn() // same profile: nothing written, the card answered from memory
      expect(await account()).toEqual(before)
      expect(cardReads).toBe(readsAfterFirst)

      await signIn('花子（新しい名前）')
      expect(await account()).toMatchObject({ displayName: '花子（新しい名前）', updatedAt: t.clock.now })
      await signIn(customer.displayName)
      expect((await account())?.displayName).toBe(customer.displayName)
    } finally {
      t.deps.cardViews = real
    }
  })

  it('tells staff and admins their role', async () => {
    const { idToken } = await t.login.issueIdToken(personaByKey('admin')!.lineUserId)
    const body = await (await post({ idToken })).json()
    expect(body.staff).toEqual({ role: 'admin', storeId: null })
    expect(body.card).toBeNull()
  })

  it('accepts an HS256 web-login token signed with the channel secret', async () => {
    const secret = new TextEncoder().encode(t.config.line.loginChannelSecret)
    const idToken = await new SignJWT({ name: 'Web' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(t.config.line.idTokenIssuer)
      .setSubject(customer.lineUserId)
      .setAudience(t.config.line.loginChannelId)
      .setIssuedAt(Math.floor(t.clock.now.getTime() / 1000))
      .setExpirationTime(Math.floor(t.clock.now.getTime() / 1000) + 600)
      .sign(secret)
    expect((await post({ idToken })).status).toBe(200)
  })

  it('rejects an expired token, allowing at most 60 s of clock skew', async () => {
    const now = Math.floor(t.clock.now.getTime() / 1000)
    const withinSkew = await t.login.issueIdToken(customer.lineUserId, { issuedAt: now - 3630, ttlSeconds: 3600 })
    expect((await post({ idToken: withinSkew.idToken })).status).toBe(200)
    const expired = await t.login.issueIdToken(customer.lineUserId, { issuedAt: now - 3700, ttlSeconds: 3600 })
    await expectRejected(expired.idToken, 'id_token_expired')
  })

  it('rejects a token for another channel', async () => {
    const { idToken } = await t.login.issueIdToken(customer.lineUserId, { audience: '1999999999' })
    await expectRejected(idToken, 'id_token_wrong_audience')
  })

  it('rejects a token from the wrong issuer', async () => {
    const secret = new TextEncoder().encode(t.config.line.loginChannelSecret)
    const idToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://evil.example')
      .setSubject(customer.lineUserId)
      .setAudience(t.config.line.loginChannelId)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(secret)
    await expectRejected(idToken, 'id_token_wrong_issuer')
  })

  it('rejects alg none', async () => {
    const idToken = new UnsecuredJWT({ sub: customer.lineUserId })
      .setIssuer(t.config.line.idTokenIssuer)
      .setAudience(t.config.line.loginChannelId)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode()
    await expectRejected(idToken, 'id_token_alg_not_allowed')
  })

  it('rejects a token signed by a key outside the JWKS, with a known or an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const kid = t.login.jwks.keys[0]!.kid!
    const forge = (headerKid: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: headerKid })
        .setIssuer(t.config.line.idTokenIssuer)
        .setSubject(customer.lineUserId)
        .setAudience(t.config.line.loginChannelId)
        .setIssuedAt(Math.floor(t.clock.now.getTime() / 1000))
        .setExpirationTime(Math.floor(t.clock.now.getTime() / 1000) + 600)
        .sign(privateKey)
    await expectRejected(await forge(kid), 'id_token_bad_signature')
    await expectRejected(await forge('attacker-key'), 'id_token_unknown_key')
  })

  it('rejects a tampered payload and garbage', async () => {
    const { idToken } = await t.login.issueIdToken(customer.lineUserId)
    const [h, p, s] = idToken.split('.')
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: personaByKey('admin')!.lineUserId })).toString(
      'base64url',
    )
    await expectRejected(`${h}.${tampered}.${s}`, 'id_token_bad_signature')
    await expectRejected('not.a.jwt', 'id_token_malformed')
  })

  it('answers 400 for a missing or empty idToken and malformed JSON, 415 for a non-JSON body', async () => {
    for (const body of [{}, { idToken: '' }, { idToken: 42 }]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
    const malformed = await t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"idToken":',
    })
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.code).toBe('bad_request')
    const text = await t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(text.status).toBe(415)
    expect((await text.json()).error.code).toBe('unsupported_media_type')
  })
  it('refetches the JWKS when a token names an unknown kid after LINE rotates its key', async () => {
    expect((await post({ idToken: (await t.login.issueIdToken(customer.lineUserId)).idToken })).status).toBe(200)
    await t.login.rotateKey()
    // jose waits out a 30 s cooldown between JWKS fetches; the rotation happens later than that in practice.
    const realNow = Date.now
    Date.now = () => realNow() + 31_000
    try {
      expect((await post({ idToken: (await t.login.issueIdToken(customer.lineUserId)).idToken })).status).toBe(200)
    } finally {
      Date.now = realNow
    }
  })
})
