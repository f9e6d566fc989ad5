import { and, eq, like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts, members, pointLedger } from '../../../db/schema'
import { addPoints } from '../../../server/data/ledger'
import { memberNumberFor } from '../../../server/domain/member-number'
import { deleteMembership } from '../../../server/usecases/delete-membership'
import { linkMembership, linkWithCredentials, startAccountLink } from '../../../server/usecases/link'
import { registerMembership } from '../../../server/usecases/register'
import { unlinkMembership } from '../../../server/usecases/unlink'
import { ledgerViolations, noViolations } from '../../support/ledger-invariants'
import { withAuditFailing } from '../../support/audit-failure'
import { registrationForm } from '../../support/registration'
import { newcomers } from '../../support/newcomers'
import { testAppPerSuite } from '../../support/test-app'

const t = testAppPerSuite()

/** A LINE user and an active membership of their own, not linked yet. */
const newcomer = newcomers(() => t.db, 'c', '66')

const account = (lineUserId: string) =>
  t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId) })
const audits = (action: string, target: string) =>
  t.db.$count(auditLog, and(eq(auditLog.action, action), eq(auditLog.target, target)))

describe('linkMembership', () => {
  it('links once with its audit entry and member menu; the same link again writes nothing', async () => {
    const u = await newcomer()
    const input = { ...u, method: 'liff' as const, actor: `line:${u.lineUserId}` }
    expect(await linkMembership(t.deps, input)).toEqual({ ok: true, linked: true })
    expect(await account(u.lineUserId)).toMatchObject({ memberId: u.memberId, richMenu: 'member' })
    expect(await linkMembership(t.deps, input)).toEqual({ ok: true, linked: false })
    expect(await audits('member.link', `member:${u.memberId}`)).toBe(1)
  })

  it('refuses a membership linked elsewhere, an account linked elsewhere and a missing member, as values', async () => {
    const a = await newcomer()
    const b = await newcomer()
    await linkMembership(t.deps, { ...a, method: 'liff', actor: 'test' })
    expect(
      await linkMembership(t.deps, { lineUserId: b.lineUserId, memberId: a.memberId, method: 'liff', actor: 'test' }),
    ).toMatchObject({ ok: false, refusal: 'member_already_linked' })
    expect(
      await linkMembership(t.deps, { lineUserId: a.lineUserId, memberId: b.memberId, method: 'liff', actor: 'test' }),
    ).toMatchObject({ ok: false, refusal: 'line_already_linked' })
    expect(
      await linkMembership(t.deps, { lineUserId: b.lineUserId, memberId: 999_999, method: 'liff', actor: 'test' }),
    ).toMatchObject({ ok: false, refusal: 'member_not_found' })
    expect((await account(b.lineUserId))?.memberId ?? null).toBeNull()
  })

  it('writes nothing when the batch fails at its audit entry, and its retry writes the link and entry once', async () => {
    const u = await newcomer()
    const input = { ...u, method: 'liff' as const, actor: `line:${u.lineUserId}` }
    await withAuditFailing(t, 'member.link', () => linkMembership(t.deps, input))
    expect((await account(u.lineUserId))?.memberId ?? null).toBeNull()
    expect(await linkMembership(t.deps, input)).toEqual({ ok: true, linked: true })
    expect(await audits('member.link', `member:${u.memberId}`)).toBe(1)
  })
})

describe('linking with credentials', () => {
  /** A newcomer whose membership has a printed number (with its check digit) and a birthday. */
  async function withCredentials() {
    const u = await newcomer()
    const memberNumber = memberNumberFor(700_000 + u.n)
    await t.db.update(members).set({ memberNumber, birthday: '1990-04-12' }).where(eq(members.id, u.memberId))
    return { ...u, credentials: { memberNumber, birthday: '1990/4/12' } }
  }

  it('links in the LIFF app on matching credentials, and refuses others as values', async () => {
    const u = await withCredentials()
    const wrong = { ...u.credentials, birthday: '1990-04-13' }
    expect(await linkWithCredentials(t.deps, { lineUserId: u.lineUserId, credentials: wrong })).toMatchObject({
      ok: false,
      refusal: 'link_credentials_invalid',
    })
    expect(await linkWithCredentials(t.deps, u)).toMatchObject({ ok: true, linked: true, member: { id: u.memberId } })
    expect(await account(u.lineUserId)).toMatchObject({ memberId: u.memberId })
  })

  it('starts the account-link flow with a nonce, or refuses a membership linked elsewhere as member_already_linked', async () => {
    const u = await withCredentials()
    expect(await startAccountLink(t.deps, u)).toMatchObject({ ok: true, nonce: expect.any(String) })
    const other = await newcomer()
    await linkMembership(t.deps, { lineUserId: other.lineUserId, memberId: u.memberId, method: 'liff', actor: 'test' })
    expect(await startAccountLink(t.deps, u)).toMatchObject({ ok: false, refusal: 'member_already_linked' })
    expect((await account(u.lineUserId))?.memberId ?? null).toBeNull()
  })
})

describe('unlinkMembership', () => {
  it('unlinks by LINE account or by member, with its audit entry; a second unlink is refused not_linked', async () => {
    const u = await newcomer()
    await linkMembership(t.deps, { ...u, method: 'liff', actor: 'test' })
    const unlinked = await unlinkMembership(t.deps, { lineUserId: u.lineUserId, actor: 'test', reason: 'customer' })
    expect(unlinked).toEqual({ ok: true, memberId: u.memberId, lineUserId: u.lineUserId })
    expect(await account(u.lineUserId)).toMatchObject({ memberId: null, richMenu: 'guest' })
    expect(
      await unlinkMembership(t.deps, { lineUserId: u.lineUserId, actor: 'test', reason: 'customer' }),
    ).toMatchObject({ ok: false, refusal: 'not_linked' })

    t.clock.advance(1)
    await linkMembership(t.deps, { ...u, method: 'liff', actor: 'test' })
    expect(await unlinkMembership(t.deps, { memberId: u.memberId, actor: 'admin:1', reason: 'admin' })).toMatchObject({
      ok: true,
      lineUserId: u.lineUserId,
    })
    expect(await unlinkMembership(t.deps, { memberId: u.memberId, actor: 'admin:1', reason: 'admin' })).toMatchObject({
      ok: false,
      refusal: 'not_linked',
    })
    expect(await audits('member.unlink', `member:${u.memberId}`)).toBe(2)
  })

  it('keeps the link when the batch fails at its audit entry, and its retry unlinks once', async () => {
    const u = await newcomer()
    await linkMembership(t.deps, { ...u, method: 'liff', actor: 'test' })
    t.clock.advance(1)
    const input = { lineUserId: u.lineUserId, actor: 'test', reason: 'customer' as const }
    await withAuditFailing(t, 'member.unlink', () => unlinkMembership(t.deps, input))
    expect(await account(u.lineUserId)).toMatchObject({ memberId: u.memberId, richMenu: 'member' })
    expect(await unlinkMembership(t.deps, input)).toMatchObject({ ok: true })
    expect(await audits('member.unlink', `member:${u.memberId}`)).toBe(1)
  })
})

describe('registerMembership', () => {
  const form = (lineUserId: string) => registrationForm(t.db, lineUserId)
  const registrations = (memberNumber: string) => audits('member.register', `member-number:${memberNumber}`)

  it('creates the membership linked to the account with its audit entry; a second registration is refused', async () => {
    const lineUserId = `U${'d'.repeat(31)}1`
    const input = await form(lineUserId)
    const registered = await registerMembership(t.deps, input)
    expect(registered).toMatchObject({ ok: true, memberNumber: expect.stringMatching(/^\d{10}$/) })
    if (!registered.ok) return
    expect(await account(lineUserId)).toMatchObject({ memberId: registered.memberId, linkMethod: 'register' })
    expect(await registrations(registered.memberNumber)).toBe(1)
    expect(await registerMembership(t.deps, input)).toMatchObject({ ok: false, refusal: 'line_already_linked' })
  })

  it('refuses consent to a policy version that is not the current one', async () => {
    const input = { ...(await form(`U${'d'.repeat(31)}2`)), termsVersion: 'old' }
    expect(await registerMembership(t.deps, input)).toMatchObject({ ok: false, refusal: 'policies_outdated' })
  })

  it('writes no member when the batch fails at its audit entry, and its retry registers once', async () => {
    const lineUserId = `U${'d'.repeat(31)}3`
    const input = await form(lineUserId)
    const before = await t.db.$count(members)
    await withAuditFailing(t, 'member.register', () => registerMembership(t.deps, input))
    expect(await t.db.$count(members)).toBe(before)
    expect((await account(lineUserId))?.memberId ?? null).toBeNull()
    const registered = await registerMembership(t.deps, input)
    expect(registered).toMatchObject({ ok: true })
    expect(await t.db.$count(members)).toBe(before + 1)
    expect(registered.ok && (await registrations(registered.memberNumber))).toBe(1)
  })
})

describe('deleteMembership', () => {
  /** A linked newcomer holding `points` spendable points. */
  async function withPoints(points: number) {
    const u = await newcomer()
    await linkMembership(t.deps, { ...u, method: 'liff', actor: 'test' })
    const lot = { memberId: u.memberId, idempotencyKey: `seed-${u.memberId}`, actor: 'test', points }
    await addPoints(t.db, { ...lot, expiresAt: new Date(t.clock.now.getTime() + 86_400_000) }, t.clock.now)
    return u
  }
  const forfeits = (memberId: number) =>
    t.db.$count(pointLedger, like(pointLedger.idempotencyKey, `member-delete:${memberId}`))

  it('forfeits the points, erases and unlinks in one go with its audit entry; a replay is refused member_deleted', async () => {
    const u = await withPoints(120)
    const input = { memberId: u.memberId, lineUserId: u.lineUserId, actor: `line:${u.lineUserId}` }
    expect(await deleteMembership(t.deps, input)).toEqual({ ok: true, forfeited: 120 })
    const member = await t.db.query.members.findFirst({ where: eq(members.id, u.memberId) })
    expect(member).toMatchObject({ status: 'deleted', balance: 0, phone: null })
    expect(await account(u.lineUserId)).toMatchObject({ memberId: null, richMenu: 'guest' })
    expect(await audits('member.delete', `member:${u.memberId}`)).toBe(1)
    expect(await deleteMembership(t.deps, input)).toMatchObject({ ok: false, refusal: 'member_deleted' })
    expect(await deleteMembership(t.deps, { ...input, memberId: 999_999 })).toMatchObject({
      ok: false,
      refusal: 'member_not_found',
    })
    expect(await forfeits(u.memberId)).toBe(1)
  })

  it('forfeits nothing and erases nothing when the batch fails at its audit entry; the retry does both once', async () => {
    const u = await withPoints(80)
    const input = { memberId: u.memberId, lineUserId: u.lineUserId, actor: `line:${u.lineUserId}` }
    await withAuditFailing(t, 'member.delete', () => deleteMembership(t.deps, input))
    expect(await forfeits(u.memberId)).toBe(0)
    expect(await t.db.query.members.findFirst({ where: eq(members.id, u.memberId) })).toMatchObject({
      status: 'active',
      balance: 80,
    })
    expect(
      await t.db.$count(deliveries, and(eq(deliveries.lineUserId, u.lineUserId), eq(deliveries.richMenu, 'guest'))),
    ).toBe(0)

    expect(await deleteMembership(t.deps, input)).toEqual({ ok: true, forfeited: 80 })
    expect(await forfeits(u.memberId)).toBe(1)
    expect(await audits('member.delete', `member:${u.memberId}`)).toBe(1)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })
})
