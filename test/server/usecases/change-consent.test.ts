import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, members } from '../../../db/schema'
import { changeConsent, consentState } from '../../../server/usecases/change-consent'
import { linkMembership } from '../../../server/usecases/link'
import { publishPolicy } from '../../support/legal'
import { withAuditFailing } from '../../support/audit-failure'
import { newcomers } from '../../support/newcomers'
import { testAppPerSuite } from '../../support/test-app'

const t = testAppPerSuite()

const newcomer = newcomers(() => t.db, 'e', '67')

/** A LINE user linked to an active membership that agreed to the policies of 2026-04. */
async function linkedMember(): Promise<{ lineUserId: string; memberId: number }> {
  const { lineUserId, memberId } = await newcomer({ termsVersion: '2026-04', privacyVersion: '2026-04' })
  await linkMembership(t.deps, { lineUserId, memberId, method: 'liff', actor: 'test' })
  return { lineUserId, memberId }
}

const consents = (memberId: number) =>
  t.db.$count(auditLog, and(eq(auditLog.action, 'member.consent'), eq(auditLog.target, `member:${memberId}`)))
const versionsOf = async (memberId: number) => {
  const row = await t.db.query.members.findFirst({ where: eq(members.id, memberId) })
  return { terms: row?.termsVersion, privacy: row?.privacyVersion }
}

beforeAll(async () => {
  await publishPolicy(t, 'terms', { requiresReconsent: true })
  await publishPolicy(t, 'privacy')
})

describe('changeConsent', () => {
  it('records the current versions with their audit entry; agreeing again writes the entry again, not more', async () => {
    const u = await linkedMember()
    expect(await consentState(t.deps, u.lineUserId)).toMatchObject({
      required: true,
      policies: { terms: { version: '1' }, privacy: { version: '1' } },
      consented: { terms: '2026-04', privacy: '2026-04' },
    })
    const change = { lineUserId: u.lineUserId, termsVersion: '1', privacyVersion: '1' }
    expect(await changeConsent(t.deps, change)).toMatchObject({
      ok: true,
      consent: { required: false, consented: { terms: '1', privacy: '1' } },
    })
    expect(await versionsOf(u.memberId)).toEqual({ terms: '1', privacy: '1' })
    expect(await consents(u.memberId)).toBe(1)
    // A replay (the same request sent twice, a second later): one more consent on record, the same state.
    t.clock.advance(1000)
    expect(await changeConsent(t.deps, change)).toMatchObject({ ok: true, consent: { required: false } })
    expect(await consents(u.memberId)).toBe(2)
  })

  it('refuses versions that are no longer current and an unlinked account, as values, writing nothing', async () => {
    const u = await linkedMember()
    expect(
      await changeConsent(t.deps, { lineUserId: u.lineUserId, termsVersion: '2026-04', privacyVersion: '1' }),
    ).toMatchObject({ ok: false, refusal: 'policies_outdated' })
    expect(
      await changeConsent(t.deps, { lineUserId: `U${'0'.repeat(32)}`, termsVersion: '1', privacyVersion: '1' }),
    ).toMatchObject({ ok: false, refusal: 'not_linked' })
    expect(await consentState(t.deps, `U${'0'.repeat(32)}`)).toMatchObject({ ok: false, refusal: 'not_linked' })
    expect(await versionsOf(u.memberId)).toEqual({ terms: '2026-04', privacy: '2026-04' })
    expect(await consents(u.memberId)).toBe(0)
  })

  it('writes neither the versions nor the entry when the batch fails at its audit entry; the retry writes both', async () => {
    const u = await linkedMember()
    const change = { lineUserId: u.lineUserId, termsVersion: '1', privacyVersion: '1' }
    await withAuditFailing(t, 'member.consent', () => changeConsent(t.deps, change))
    expect(await versionsOf(u.memberId)).toEqual({ terms: '2026-04', privacy: '2026-04' })
    expect(await consents(u.memberId)).toBe(0)
    expect(await changeConsent(t.deps, change)).toMatchObject({ ok: true })
    expect(await versionsOf(u.memberId)).toEqual({ terms: '1', privacy: '1' })
    expect(await consents(u.memberId)).toBe(1)
  })
})
