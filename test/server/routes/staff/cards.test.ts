import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardScans } from '../../../../db/schema'
import { signCardToken } from '../../../../server/domain/card-token'
import { bearer, json, signedInTestApp, type TestApp } from '../../../support/test-app'

describe('POST /api/staff/cards/verify', () => {
  let t: TestApp
  let staffToken: string
  beforeAll(async () => void ({ t, session: staffToken } = await signedInTestApp('staff')))
  afterAll(() => t.close())

  const verify = (token: unknown, session = staffToken) =>
    t.app.request('/api/staff/cards/verify', json({ token }, bearer(session).headers))

  it("shows staff the member behind a fresh card code from the customer's card", async () => {
    const customer = await t.signIn('customer')
    const card = await (await t.app.request('/api/card', bearer(customer))).json()
    const res = await verify(card.token.value)
    expect(res.status).toBe(200)
    expect((await res.json()).member).toEqual({
      memberNumber: '0000000018',
      name: '山田 花子',
      rank: 'gold',
      rankLabel: 'ゴールド',
      balance: 1700,
    })
  })

  it('refuses customers', async () => {
    const res = await verify('x', await t.signIn('customer'))
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('not_staff')
  })

  it('tells expired, forged, malformed and used codes apart', async () => {
    const old = await signCardToken(t.config.cardKeys, 1, new Date(t.clock.now.getTime() - 120_000))
    expect((await (await verify(old.value)).json()).error.code).toBe('card_expired')
    const forged = await signCardToken({ current: 'sandbox', secrets: { sandbox: 'f'.repeat(32) } }, 1, t.clock.now)
    expect((await (await verify(forged.value)).json()).error.code).toBe('card_bad_signature')
    const garbage = await verify('hello')
    expect(garbage.status).toBe(422)
    expect((await garbage.json()).error.code).toBe('card_malformed')
    const used = await signCardToken(t.config.cardKeys, 1, t.clock.now)
    await t.db.insert(cardScans).values({ tokenId: used.claims.tokenId, memberId: 1, usedAt: t.clock.now })
    const again = await verify(used.value)
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('card_used')
  })

  it('refuses, within its minute, a card code shown before the member unlinked or deleted the membership', async () => {
    const customer = await t.signIn('customer')
    const card = await (await t.app.request('/api/card', bearer(customer))).json()
    const shown = card.token.value as string
    t.clock.advance(5_000)
    const unlinked = await t.app.request('/api/me/unlink', { method: 'POST', ...bearer(customer) })
    expect(unlinked.status).toBe(200)
    const res = await verify(shown)
    expect(res.status).toBe(422)
    expect((await res.json()).error.code).toBe('card_revoked')
    const earn = await t.app.request(
      '/api/staff/checkout/earn',
      json({ cardToken: shown, purchaseAmount: 1000, idempotencyKey: 'revoked-1' }, bearer(staffToken).headers),
    )
    expect(earn.status).toBe(422)
    expect((await earn.json()).error.code).toBe('card_revoked')
  })

  it('answers 400 for a missing token', async () => {
    expect((await verify(undefined)).status).toBe(400)
  })
})
