import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { addPoints } from '../../../../server/data/ledger'
import { signCardToken, verifyCardToken } from '../../../../server/domain/card-token'
import { rateLimitRules } from '../../../../server/rate-limit/rules'
import { bearer, json, signedInTestApp, type TestApp } from '../../../support/test-app'

describe('GET /api/card/changes', () => {
  let t: TestApp
  let customer: string
  beforeEach(async () => {
    await t?.close()
    ;({ t, session: customer } = await signedInTestApp('customer'))
  })
  afterAll(() => t.close())

  const poll = (query: string, session = customer) => t.app.request(`/api/card/changes?${query}`, bearer(session))
  const version = async () => ((await (await poll('since=0')).json()) as { version: number }).version
  const earn = (memberId: number, points: number) =>
    addPoints(
      t.db,
      {
        memberId,
        idempotencyKey: crypto.randomUUID(),
        actor: 't',
        points,
        expiresAt: new Date(t.clock.now.getTime() + 400 * 86_400_000),
      },
      t.clock.now,
    )

  it('answers at once with the whole card and its marker when the card shows an older marker', async () => {
    const res = await poll('since=0&wait=25')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await res.json()
    expect(body.card.member).toMatchObject({ memberNumber: '0000000018', balance: 1700 })
    expect(body.version).toBe(body.card.history[0].id)
    expect(verifyCardToken(t.config.cardKeys, body.card.token.value, t.clock.now).ok).toBe(true)
    expect(body.token).toBeNull()
  })

  it('holds a poll until a staff checkout changes the card, then answers the new balance, history and a fresh QR', async () => {
    const since = await version()
    const held = poll(`since=${since}&wait=25`)
    const staff = await t.signIn('staff')
    const cardToken = signCardToken(t.config.cardKeys, 1, t.clock.now).value
    const earned = await t.app.request(
      '/api/staff/checkout/earn',
      json({ cardToken, purchaseAmount: 3240, idempotencyKey: crypto.randomUUID() }, bearer(staff).headers),
    )
    expect(earned.status).toBe(200)
    const body = await (await held).json()
    expect(body.version).toBeGreaterThan(since)
    expect(body.card.member.balance).toBe(1764)
    expect(body.card.history[0]).toMatchObject({ id: body.version, kind: 'earn', points: 64 })
    const fresh = verifyCardToken(t.config.cardKeys, body.card.token.value, t.clock.now)
    const used = verifyCardToken(t.config.cardKeys, cardToken, t.clock.now)
    expect(fresh.ok && used.ok && fresh.claims.tokenId !== used.claims.tokenId).toBe(true)
  })

  it('wakes on a reversal and on an admin adjustment too', async () => {
    const staff = await t.signIn('staff')
    const earned = await (
      await t.app.request(
        '/api/staff/checkout/earn',
        json(
          { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: crypto.randomUUID() },
          bearer(staff).headers,
        ),
      )
    ).json()
    const since = await version()
    const held = poll(`since=${since}&wait=25`)
    const manager = await t.signIn('admin')
    const reversed = await t.app.request(
      `/api/staff/transactions/${earned.entry.id}/reverse`,
      json({ idempotencyKey: crypto.randomUUID(), reason: 'mistake' }, bearer(manager).headers),
    )
    expect(reversed.status).toBe(200)
    const afterReverse = await (await held).json()
    expect(afterReverse.card.history[0]).toMatchObject({ kind: 'reverse', points: -earned.entry.points })
    expect(afterReverse.card.member.balance).toBe(1700)

    const heldAgain = poll(`since=${afterReverse.version}&wait=25`)
    const adjusted = await t.app.request(
      '/api/admin/members/1/adjust',
      json({ points: 100, reason: 'お詫び', idempotencyKey: crypto.randomUUID() }, bearer(manager).headers),
    )
    expect(adjusted.status).toBe(200)
    const afterAdjust = await (await heldAgain).json()
    expect(afterAdjust.card.history[0]).toMatchObject({ kind: 'adjust', points: 100 })
    expect(afterAdjust.card.member.balance).toBe(1800)
  })

  it('answers the same marker with no card after `wait` when nothing changed, and a fresh token when asked', async () => {
    const since = await version()
    const quiet = await (await poll(`since=${since}&wait=1`)).json()
    expect(quiet).toEqual({ version: since, card: null, token: null })
    const withToken = await (await poll(`since=${since}&wait=0&token=1`)).json()
    expect(withToken.card).toBeNull()
    expect(verifyCardToken(t.config.cardKeys, withToken.token.value, t.clock.now)).toMatchObject({
      ok: true,
      claims: { memberId: 1 },
    })
  })

  it("does not answer for another member's change", async () => {
    const since = await version()
    const held = poll(`since=${since}&wait=1`)
    await earn(2, 500)
    expect(await (await held).json()).toEqual({ version: since, card: null, token: null })
  })

  it('refuses no session (401), an unlinked account (404 not_linked) and a bad marker or wait (400)', async () => {
    expect((await t.app.request('/api/card/changes?since=0')).status).toBe(401)
    const newcomer = await poll('since=0&wait=0', await t.signIn('newcomer'))
    expect(newcomer.status).toBe(404)
    expect((await newcomer.json()).error.code).toBe('not_linked')
    for (const query of ['', 'since=-1', 'since=x', 'since=0&wait=26', 'since=0&token=yes']) {
      const res = await poll(query)
      expect(res.status, query).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
  })

  it('limits a client that re-arms without pause: 429 rate_limited with Retry-After', async () => {
    const { limit } = rateLimitRules.cardChangesPerUser
    for (let i = 0; i < limit; i++) expect((await poll('since=0&wait=0')).status).toBe(200)
    const refused = await poll('since=0&wait=0')
    expect(refused.status).toBe(429)
    expect((await refused.json()).error.code).toBe('rate_limited')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
