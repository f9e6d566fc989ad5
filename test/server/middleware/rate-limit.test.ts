import { describe, expect, it } from 'vitest'
import { demo } from '../../../db/seed'
import { rateLimitRules } from '../../../server/rate-limit/rules'
import { bearer, testAppPerSuite, fromAddress, json } from '../../support/test-app'

describe('request limits', () => {
  const t = testAppPerSuite()

  /** The next window: every test starts with fresh counts. */
  const nextWindow = () => t.clock.advance(60_000)

  async function expectRateLimited(res: Response) {
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    const { error } = await res.json()
    expect(error).toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: Number(res.headers.get('retry-after')) },
    })
  }

  const exchange = async (lineUserId: string, address?: string) => {
    const { idToken } = await t.login.issueIdToken(lineUserId)
    return t.app.request('/api/session', json({ idToken }), address ? fromAddress(address) : undefined)
  }

  it('limits session exchanges per LINE user, and lets the user in again after the window', async () => {
    nextWindow()
    const user = 'U5000000000000000000000000000s001'
    for (let i = 0; i < rateLimitRules.sessionPerUser.limit; i++) expect((await exchange(user)).status).toBe(200)
    await expectRateLimited(await exchange(user))
    expect((await exchange('U5000000000000000000000000000s002')).status).toBe(200)
    t.clock.advance(60_000)
    expect((await exchange(user)).status).toBe(200)
  })

  it('limits session exchanges per client address, counted before the ID token is checked, whatever X-Forwarded-For says', async () => {
    nextWindow()
    const flood = (forwardedFor: string) =>
      t.app.request(
        '/api/session',
        json({ idToken: 'not-a-token' }, { 'x-forwarded-for': forwardedFor }),
        fromAddress('198.51.100.7'),
      )
    for (let i = 0; i < rateLimitRules.sessionPerClient.limit; i++)
      expect((await flood(`203.0.113.${i % 250}`)).status).toBe(401)
    await expectRateLimited(await flood('203.0.113.251'))
    await expectRateLimited(await exchange('U5000000000000000000000000000s003', '198.51.100.7'))
    expect((await exchange('U5000000000000000000000000000s003', '198.51.100.8')).status).toBe(200)
    t.clock.advance(60_000)
    expect((await exchange('U5000000000000000000000000000s003', '198.51.100.7')).status).toBe(200)
  })

  it('limits account-link starts per LINE user and per client address', async () => {
    nextWindow()
    const token = await t.signIn('newcomer')
    const startLink = (address = '198.51.100.20', auth = bearer(token)) =>
      t.app.request('/api/account-link', { method: 'POST', ...auth }, fromAddress(address))
    for (let i = 0; i < rateLimitRules.accountLinkPerUser.limit; i++)
      expect((await startLink(`198.51.100.${30 + i}`)).status).toBe(200)
    await expectRateLimited(await startLink('198.51.100.99'))
    t.clock.advance(60_000)
    expect((await startLink()).status).toBe(200)

    nextWindow()
    const { url } = await (await startLink('198.51.100.22')).json()
    const anonymous = () => startLink('198.51.100.21', { headers: { authorization: '' } })
    for (let i = 0; i < rateLimitRules.accountLinkPerClient.limit; i++) expect((await anonymous()).status).toBe(401)
    await expectRateLimited(await anonymous())
    // The login form from the same address: its own page, with the wait.
    const form = await t.app.request(
      '/account-link/login',
      {
        method: 'POST',
        body: new URLSearchParams({
          ticket: new URL(url).searchParams.get('ticket')!,
          memberNumber: demo.unlinkedMemberNumber,
          birthday: demo.unlinkedBirthday,
        }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      fromAddress('198.51.100.21'),
    )
    expect(form.status).toBe(429)
    expect(form.headers.get('retry-after')).toBe('60')
    expect(await form.text()).toContain('1分ほど待ってから')
    t.clock.advance(60_000)
    expect((await anonymous()).status).toBe(401)
  })

  it('limits staff card look-ups (scanned or typed) per staff account and per client address', async () => {
    nextWindow()
    const token = await t.signIn('staff')
    const scan = (address: string) =>
      t.app.request(
        '/api/staff/cards/verify',
        { ...json({ token: 'garbage' }), headers: { ...json({}).headers, ...bearer(token).headers } },
        fromAddress(address),
      )
    const typed = (address: string) =>
      t.app.request(`/api/staff/checkout/members/${demo.unlinkedMemberNumber}`, bearer(token), fromAddress(address))
    const { limit } = rateLimitRules.staffCardsPerUser
    for (let i = 0; i < limit / 2; i++) {
      expect((await scan(`198.51.100.${40 + i}`)).status).toBe(422)
      expect((await typed(`198.51.100.${40 + i}`)).status).toBe(200)
    }
    await expectRateLimited(await scan('198.51.100.100'))
    await expectRateLimited(await typed('198.51.100.100'))
    t.clock.advance(60_000)
    expect((await typed('198.51.100.100')).status).toBe(200)

    nextWindow()
    const anonymous = () =>
      t.app.request('/api/staff/cards/verify', json({ token: 'garbage' }), fromAddress('198.51.100.101'))
    for (let i = 0; i < rateLimitRules.staffCardsPerClient.limit; i++) expect((await anonymous()).status).toBe(401)
    await expectRateLimited(await anonymous())
    t.clock.advance(60_000)
    expect((await anonymous()).status).toBe(401)
  })

  it('does not limit the card’s own read', async () => {
    nextWindow()
    const token = await t.signIn('customer')
    for (let i = 0; i < 100; i++)
      expect((await t.app.request('/api/card', bearer(token), fromAddress('198.51.100.200'))).status).toBe(200)
  })
})
