import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deliveries, members } from '../../../../db/schema'
import { signCardToken } from '../../../../server/domain/card-token'
import { personaByKey } from '../../../../server/sandbox/personas'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'

const customer = personaByKey('customer')!

describe('receipt language', () => {
  const t = testAppPerSuite()

  const signInAs = async (language?: string) => {
    const { idToken } = await t.login.issueIdToken(customer.lineUserId)
    return t.app.request('/api/session', json({ idToken, language }))
  }
  const earn = async (purchaseAmount: number) => {
    const staffToken = await t.signIn('staff')
    const cardToken = (await signCardToken(t.config.cardKeys, 1, t.clock.now)).value
    const res = await t.app.request(
      '/api/staff/checkout/earn',
      json({ cardToken, purchaseAmount, idempotencyKey: crypto.randomUUID() }, bearer(staffToken).headers),
    )
    expect(res.status).toBe(200)
    const { entry } = (await res.json()) as { entry: { id: number } }
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.dedupeKey, `receipt:${entry.id}`))
    return JSON.stringify(delivery!.messages)
  }
  const language = async () => (await t.db.query.members.findFirst({ where: eq(members.id, 1) }))!.language

  it('sends a Japanese receipt to a member whose language is unknown', async () => {
    expect(await language()).toBeNull()
    const text = await earn(1000)
    expect(text).toContain('ポイントを獲得しました')
    expect(text).toContain('会員証を開く')
  })

  it("records the app's language at sign-in and sends that member's receipt in English", async () => {
    expect((await signInAs('en-US')).status).toBe(200)
    expect(await language()).toBe('en')
    const text = await earn(3240)
    expect(text).toContain('You earned points')
    expect(text).toContain('Open member card')
    expect(text).toContain('¥3,240')
    expect(text).toContain('Point balance')
    for (const ja of ['獲得', '保有', '会員証', 'お買い上げ']) expect(text).not.toContain(ja)
  })

  it('goes back to Japanese when the app is switched to Japanese', async () => {
    expect((await signInAs('ja')).status).toBe(200)
    expect(await language()).toBe('ja')
    expect(await earn(500)).toContain('ポイントを獲得しました')
  })
})
