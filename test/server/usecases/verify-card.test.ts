import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { members } from '../../../db/schema'
import { verifyCard } from '../../../server/usecases/verify-card'
import { bearer, testAppPerSuite } from '../../support/test-app'

describe('verifyCard', () => {
  const t = testAppPerSuite()

  const cardToken = async () => {
    const customer = await t.signIn('customer')
    const card = (await (await t.app.request('/api/card', bearer(customer))).json()) as { token: { value: string } }
    return card.token.value
  }

  it('answers the member behind a fresh code, and the same code again while it is unused', async () => {
    const token = await cardToken()
    const first = await verifyCard(t.deps, token)
    expect(first).toMatchObject({ ok: true, member: { memberNumber: '0000000018', status: 'active' } })
    expect(first.ok && first.expiresAt.getTime()).toBeGreaterThan(t.clock.now.getTime())
    expect(await verifyCard(t.deps, token)).toMatchObject({ ok: true, tokenId: first.ok && first.tokenId })
  })

  it('refuses a code that is not a card code, and one of a membership no longer active, as values', async () => {
    expect(await verifyCard(t.deps, 'not-a-card')).toMatchObject({ ok: false, refusal: 'card_malformed' })
    const token = await cardToken()
    await t.db.update(members).set({ status: 'deleted' }).where(eq(members.memberNumber, '0000000018'))
    expect(await verifyCard(t.deps, token)).toMatchObject({
      ok: false,
      refusal: 'card_member_inactive',
      message: 'This membership is no longer active',
    })
  })
})
