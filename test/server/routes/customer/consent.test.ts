import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, members } from '../../../../db/schema'
import { personaByKey } from '../../../../server/sandbox/personas'
import { publishPolicy } from '../../../support/legal'
import { bearer, json, testAppPerTest } from '../../../support/test-app'

describe('consent to changed terms and privacy policy', () => {
  const t = testAppPerTest()

  const asCustomer = async () => {
    const token = await t.signIn('customer')
    const auth = bearer(token).headers
    return {
      card: async () =>
        (await (await t.app.request('/api/card', { headers: auth })).json()) as { consentRequired: boolean },
      status: async () =>
        (await (await t.app.request('/api/consent', { headers: auth })).json()) as {
          required: boolean
          policies: { terms: { version: string }; privacy: { version: string } }
          consented: { terms: string | null; privacy: string | null }
        },
      consent: (body: object) =>
        t.app.request('/api/consent', {
          ...json({ agreed: true, ...body }),
          headers: { ...json({}).headers, ...auth },
        }),
    }
  }

  it('asks again only after a version published as a material change, and stops asking once the member agrees', async () => {
    const me = await asCustomer()
    expect((await me.card()).consentRequired).toBe(false)
    expect(await me.status()).toMatchObject({ required: false, consented: { terms: '2026-04', privacy: '2026-04' } })

    await publishPolicy(t, 'privacy') // a minor change: no new consent
    expect((await me.card()).consentRequired).toBe(false)
    await publishPolicy(t, 'terms', { requiresReconsent: true })
    expect((await me.card()).consentRequired).toBe(true)
    const status = await me.status()
    expect(status).toMatchObject({ required: true, policies: { terms: { version: '1' }, privacy: { version: '1' } } })

    const stale = await me.consent({ termsVersion: '2026-04', privacyVersion: '1' })
    expect(stale.status).toBe(400)
    expect((await stale.json()).error.code).toBe('policies_outdated')
    const notAgreed = await me.consent({ termsVersion: '1', privacyVersion: '1', agreed: false })
    expect(notAgreed.status).toBe(400)

    const ok = await me.consent({ termsVersion: '1', privacyVersion: '1' })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ required: false, consented: { terms: '1', privacy: '1' } })
    expect((await me.card()).consentRequired).toBe(false)
    const row = await t.db.query.members.findFirst({ where: eq(members.memberNumber, '0000000018') })
    expect(row).toMatchObject({
      termsVersion: '1',
      privacyVersion: '1',
      termsAcceptedAt: t.clock.now,
      privacyAcceptedAt: t.clock.now,
    })
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.consent'), eq(auditLog.target, `member:${row!.id}`)))
    expect(entry).toMatchObject({
      actor: `line:${personaByKey('customer')!.lineUserId}`,
      detail: { termsVersion: '1', privacyVersion: '1' },
    })

    // A later minor version does not ask again; a later material one does.
    await publishPolicy(t, 'terms')
    expect((await me.card()).consentRequired).toBe(false)
    await publishPolicy(t, 'privacy', { requiresReconsent: true })
    expect((await me.card()).consentRequired).toBe(true)
  })

  it('answers the card with the prompt flag from the session exchange too', async () => {
    await publishPolicy(t, 'privacy', { requiresReconsent: true })
    const { idToken } = await t.login.issueIdToken(personaByKey('customer')!.lineUserId)
    const res = await t.app.request('/api/session', json({ idToken }))
    expect(((await res.json()) as { card: { consentRequired: boolean } }).card.consentRequired).toBe(true)
  })

  it('registers new members with the current versions, refusing the ones before them', async () => {
    await publishPolicy(t, 'terms', { requiresReconsent: true })
    const token = await t.signIn('newcomer')
    const register = (versions: { termsVersion: string; privacyVersion: string }) =>
      t.app.request('/api/register', {
        ...json({}),
        headers: { ...json({}).headers, ...bearer(token).headers },
        body: JSON.stringify({
          name: '佐藤 健',
          nameKana: 'サトウ ケン',
          birthday: '1990-01-02',
          phone: '090-1111-2222',
          prefecture: '東京都',
          marketingOptIn: false,
          agreed: true,
          ...versions,
        }),
      })
    const old = await register({ termsVersion: '2026-04', privacyVersion: '2026-04' })
    expect((await old.json()).error.code).toBe('policies_outdated')
    expect((await register({ termsVersion: '1', privacyVersion: '2026-04' })).status).toBe(201)
    const card = (await (await t.app.request('/api/card', bearer(token))).json()) as { consentRequired: boolean }
    expect(card.consentRequired).toBe(false)
  })

  it('answers 404 not_linked to a LINE user without a membership', async () => {
    const token = await t.signIn('newcomer')
    const res = await t.app.request('/api/consent', bearer(token))
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('not_linked')
  })
})
