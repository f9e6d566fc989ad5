// Versioned policies inside workerd on D1: draft, publish and consent batches, the one-draft index and the triggers
// that keep published versions unchanged behave as on libsql; the card view's re-consent flag is computed in D1's SQL.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { demo, seedDemoShop } from '../../db/seed'
import { loadCardView } from '../../server/data/card-view'
import { loadCurrentPolicies, publishDraft, recordConsent, saveDraft } from '../../server/data/legal-documents'
import { defaultSettings } from '../../server/data/settings'
import { defaultLegalContent } from '../../server/legal/defaults'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const content = defaultLegalContent('terms', { shopName: 'D1 ショップ', store: null, settings: defaultSettings })

beforeAll(() => seedDemoShop(db, now))

describe('legal documents on D1', () => {
  it('publishes numbered immutable versions, asks for consent again and records it', async () => {
    const draft = await saveDraft(db, 'terms', { content, externalUrl: null }, null, 'admin:1', now)
    if (!('revision' in draft)) throw new Error(draft.message)
    expect(await saveDraft(db, 'terms', { content, externalUrl: null }, null, 'admin:1', now)).toMatchObject({
      refusal: 'legal_draft_changed',
    })
    await publishDraft(db, 'terms', { revision: draft.revision, requiresReconsent: true }, 'admin:1', now)
    const current = await loadCurrentPolicies(db)
    expect(current.terms).toMatchObject({ version: 1, requiresReconsent: true, status: 'published' })
    expect(current.privacy).toBeUndefined()
    await expect(db.run(sql`UPDATE legal_documents SET external_url = 'https://x' WHERE version = 1`)).rejects.toThrow()
    await expect(db.run(sql`DELETE FROM legal_documents WHERE version = 1`)).rejects.toThrow()

    const [account] = await db.all<{ lineUserId: string }>(
      sql`SELECT line_user_id AS lineUserId FROM line_accounts WHERE member_id = ${demo.customerMemberId}`,
    )
    expect((await loadCardView(db, account!.lineUserId, now))!.consentRequired).toBe(true)
    expect(
      await recordConsent(db, demo.customerMemberId, { terms: '2026-04', privacy: '2026-04' }, 'line:x', now),
    ).toBe(false)
    expect(await recordConsent(db, demo.customerMemberId, { terms: '1', privacy: '2026-04' }, 'line:x', now)).toBe(true)
    expect((await loadCardView(db, account!.lineUserId, now))!.consentRequired).toBe(false)
    const audits = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE action IN ('legal.published', 'member.consent')`,
    )
    expect(audits[0]!.n).toBe(2)
  })
})
