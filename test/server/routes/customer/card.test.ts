import { describe, expect, it } from 'vitest'
import { addPoints } from '../../../../server/data/ledger'
import { verifyCardToken } from '../../../../server/domain/card-token'
import { defaultRankTiers } from '../../../../server/domain/ranks'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'

describe('card routes', () => {
  const t = testAppPerSuite()

  it('shows the linked customer their balance, expiring points, history, reservations and a valid card token', async () => {
    const token = await t.signIn('customer')
    const res = await t.app.request('/api/card', bearer(token))
    expect(res.status).toBe(200)
    const card = await res.json()
    expect(card.member).toMatchObject({ memberNumber: '0000000018', name: '山田 花子', rank: 'gold', balance: 1700 })
    expect(card.member.expiring).toEqual({
      points: 900,
      expiresAt: new Date(t.clock.now.getTime() + 20 * 86_400_000).toISOString(),
    })
    expect(card.history.map((h: { points: number }) => h.points)).toEqual([-300, 800, 1200])
    expect(card.reservations).toHaveLength(2)
    expect(card.reservations[0]).toMatchObject({ storeName: '渋谷店', partySize: 2, status: 'booked' })
    const verified = await verifyCardToken(t.config.cardKeys, card.token.value, t.clock.now)
    expect(verified).toMatchObject({ ok: true, claims: { memberId: 1 } })
    expect(card.token.ttlSeconds).toBe(60)
  })

  it("shows an admin's adjustment with customer wording, never its internal reason (card and data export)", async () => {
    const admin = await t.signIn('admin')
    const reason = '苦情対応・店長判断（社内メモ）'
    const adjusted = await t.app.request(
      '/api/admin/members/1/adjust',
      json({ points: 50, reason, idempotencyKey: 'adjust-internal-1' }, bearer(admin).headers),
    )
    expect(adjusted.status).toBe(200)
    const token = await t.signIn('customer')
    const card = await (await t.app.request('/api/card', bearer(token))).text()
    expect(JSON.parse(card).history[0]).toEqual({
      id: expect.any(Number),
      kind: 'adjust',
      points: 50,
      at: expect.any(String),
      storeName: null,
    })
    expect(card).not.toContain(reason)
    const exported = await (await t.app.request('/api/me/export', bearer(token))).text()
    expect(exported).toContain('"kind":"adjust"')
    expect(exported).not.toContain(reason)
  })

  it('rotates: each token request gives a new token id', async () => {
    const token = await t.signIn('customer')
    const a = await (await t.app.request('/api/card/token', { method: 'POST', ...bearer(token) })).json()
    const b = await (await t.app.request('/api/card/token', { method: 'POST', ...bearer(token) })).json()
    const [va, vb] = await Promise.all(
      [a.value, b.value].map((v) => verifyCardToken(t.config.cardKeys, v, t.clock.now)),
    )
    expect(va!.ok && vb!.ok).toBe(true)
    if (va!.ok && vb!.ok) expect(va!.claims.tokenId).not.toBe(vb!.claims.tokenId)
  })

  it('answers 404 not_linked for a LINE user without a membership', async () => {
    const token = await t.signIn('newcomer')
    const res = await t.app.request('/api/card', bearer(token))
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_linked')
  })

  it('answers 401 without a session, with a garbage session and with an expired one', async () => {
    expect((await t.app.request('/api/card')).status).toBe(401)
    const garbage = await t.app.request('/api/card', bearer('not-a-token'))
    expect(garbage.status).toBe(401)
    expect((await garbage.json()).error.code).toBe('unauthorized')
    const token = await t.signIn('customer')
    t.clock.advance(31 * 60_000)
    const expired = await t.app.request('/api/card', bearer(token))
    expect(expired.status).toBe(401)
    expect((await expired.json()).error.code).toBe('session_expired')
  })

  it('answers the same card as the session, as JSON, and every read after a write or a rank relabel shows it', async () => {
    const { idToken } = await t.login.issueIdToken(personaByKey('customer')!.lineUserId)
    const signedIn = await (
      await t.app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idToken }),
      })
    ).json()
    const read = async () => {
      const res = await t.app.request('/api/card', bearer(signedIn.token))
      expect(res.headers.get('content-type')).toBe('application/json')
      const card = await res.json()
      expect(verifyCardToken(t.config.cardKeys, card.token.value, t.clock.now).ok).toBe(true)
      return { ...card, token: undefined }
    }
    const fromSession = { ...signedIn.card, token: undefined }
    const first = await read()
    expect(first).toEqual(fromSession)
    expect(await read()).toEqual(first) // kept: the same answer

    await addPoints(
      t.db,
      {
        memberId: 1,
        idempotencyKey: 'card-route-earn',
        actor: 't',
        points: 50,
        expiresAt: new Date(t.clock.now.getTime() + 400 * 86_400_000),
      },
      t.clock.now,
    )
    const earned = await read()
    expect(earned.member.balance).toBe(first.member.balance + 50)
    expect(earned.history[0]).toMatchObject({ kind: 'earn', points: 50 })

    const relabelled = defaultRankTiers.map((tier) => (tier.key === 'gold' ? { ...tier, label: 'プラチナ' } : tier))
    await t.changeSetting('ranks', relabelled)
    expect((await read()).member.rankLabel).toBe('プラチナ')
  })
})
