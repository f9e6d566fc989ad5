import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../../../db/schema'
import { missingItems, type LegalContent } from '../../../../server/domain/legal-document'
import { adminRequest, publishPolicy, type LegalView } from '../../../support/legal'
import { bearer, testAppPerTest } from '../../../support/test-app'

describe('legal pages in the admin console', () => {
  const t = testAppPerTest()

  const load = async (kind: 'terms' | 'privacy') =>
    (await (await adminRequest(t, 'GET', `/${kind}`)).json()) as LegalView

  it('offers default texts filled from the shop that can be published as they are', async () => {
    const privacy = await load('privacy')
    expect(privacy).toMatchObject({ current: null, draft: null, versions: [] })
    expect(privacy.template.ja.operator.name).toBe(t.config.shopName)
    expect(privacy.template.ja.purposes.length).toBeGreaterThan(3)
    expect(privacy.template.ja.thirdParty).toContain('LINEヤフー株式会社')
    expect(privacy.template.en!.thirdParty).toContain('LY Corporation')
    expect(missingItems('privacy', privacy.template)).toEqual([])
    const terms = await load('terms')
    expect(terms.template.ja.sections[2]!.body).toContain('付与日から365日')
    expect(missingItems('terms', terms.template)).toEqual([])
  })

  it('publishes a draft as version 1, then 2, audited, each immutable once published', async () => {
    const publishedAt = t.clock.now.toISOString()
    const first = await publishPolicy(t, 'privacy')
    expect(first.current).toMatchObject({ version: 1, requiresReconsent: false, publishedAt })
    expect(first.draft).toBeNull()
    const second = await publishPolicy(t, 'privacy', { requiresReconsent: true })
    expect(second.current).toMatchObject({ version: 2, requiresReconsent: true })
    expect(second.versions.map((v) => v.version)).toEqual([2, 1])
    const published = await t.db.select().from(auditLog).where(eq(auditLog.action, 'legal.published'))
    expect(published).toHaveLength(2)
    expect(published[1]).toMatchObject({
      actor: expect.stringMatching(/^staff:/),
      target: 'legal:privacy',
      detail: { requiresReconsent: true },
    })
    await expect(t.db.run(sql`UPDATE legal_documents SET content = '{}' WHERE version = 1`)).rejects.toThrow()
    await expect(t.db.run(sql`DELETE FROM legal_documents WHERE version = 1`)).rejects.toThrow()
    expect((await load('privacy')).versions).toHaveLength(2)
  })

  it('refuses to publish a draft that lacks an APPI item, naming what is missing', async () => {
    const { template } = await load('privacy')
    const content: LegalContent = {
      ...template,
      ja: { ...template.ja, operator: { ...template.ja.operator, representative: '' }, purposes: [] },
    }
    const saved = (await (
      await adminRequest(t, 'PUT', '/privacy/draft', { revision: null, content, externalUrl: null })
    ).json()) as LegalView
    expect(saved.draft!.missing).toEqual(['ja.operator.representative', 'ja.purposes'])
    const res = await adminRequest(t, 'POST', '/privacy/publish', {
      revision: saved.draft!.revision,
      requiresReconsent: false,
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      error: { code: 'legal_incomplete', details: { missing: ['ja.operator.representative', 'ja.purposes'] } },
    })
    expect((await load('privacy')).current).toBeNull()
  })

  it('answers stable codes for a bad URL, no text, a stale or missing draft, and bad characters', async () => {
    const put = (body: object) =>
      adminRequest(t, 'PUT', '/terms/draft', { revision: null, content: null, externalUrl: null, ...body })
    const code = async (res: Response | Promise<Response>) => {
      const r = await res
      return [r.status, ((await r.json()) as { error: { code: string } }).error.code]
    }
    expect(await code(put({ externalUrl: 'http://shop.example/terms' }))).toEqual([400, 'legal_url_invalid'])
    expect(await code(put({ externalUrl: 'javascript:alert(1)' }))).toEqual([400, 'legal_url_invalid'])
    expect(await code(put({}))).toEqual([400, 'legal_content_missing'])
    expect(await code(adminRequest(t, 'POST', '/terms/publish', { revision: 1, requiresReconsent: false }))).toEqual([
      404,
      'legal_draft_missing',
    ])
    const { template } = await load('terms')
    const bad = { ...template, ja: { ...template.ja, intro: 'a\u202eb' } }
    expect(await code(put({ content: bad }))).toEqual([400, 'control_characters'])
    expect(await code(adminRequest(t, 'GET', '/cookies'))).toEqual([400, 'invalid_request'])

    expect((await put({ content: template })).status).toBe(200)
    expect(await code(put({ content: template }))).toEqual([409, 'legal_draft_changed'])
    t.clock.advance(1000)
    expect(
      (await adminRequest(t, 'PUT', '/terms/draft', { revision: 1, content: template, externalUrl: null })).status,
    ).toBe(200)
    expect(await code(adminRequest(t, 'POST', '/terms/publish', { revision: 1, requiresReconsent: false }))).toEqual([
      409,
      'legal_draft_changed',
    ])
    expect(await code(adminRequest(t, 'POST', '/terms/draft/discard', { revision: 1 }))).toEqual([
      409,
      'legal_draft_changed',
    ])
    expect((await adminRequest(t, 'POST', '/terms/draft/discard', { revision: 2 })).status).toBe(200)
    expect((await load('terms')).draft).toBeNull()
    const saves = await t.db.select().from(auditLog).where(eq(auditLog.action, 'legal.draft_saved'))
    expect(saves).toHaveLength(2)
  })

  it('is for admins only', async () => {
    const staff = await t.signIn('staff')
    expect((await t.app.request('/api/admin/legal/terms', bearer(staff))).status).toBe(403)
  })

  it('previews unsaved text as escaped HTML', async () => {
    const { template } = await load('terms')
    const content = {
      ...template,
      ja: {
        ...template.ja,
        sections: [{ heading: '<script>alert(1)</script>', body: 'a\n"><img src=x onerror=alert(1)>' }],
      },
    }
    const res = await adminRequest(t, 'POST', '/terms/preview', { content, locale: 'ja' })
    const { html } = (await res.json()) as { html: string }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('a<br />&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('第1版')
  })
})
