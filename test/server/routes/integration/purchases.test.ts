import { asc, eq, like } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries, members, pointLedger } from '../../../../db/schema'
import { createApiKey, type ApiKeyGrant } from '../../../../server/data/api-keys'
import { signCardToken } from '../../../../server/domain/card-token'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { ledgerViolations, noViolations } from '../../../support/ledger-invariants'
import { bearer, createTestApp, json, type TestApp } from '../../../support/test-app'

const pos: ApiKeyGrant = { scopes: ['purchases'], rateTier: 'standard' }
const customer = { memberNumber: memberNumberFor(1) }

/** What a checkout left behind, without who did it (ids, actors, keys): to compare the staff page and the API. */
async function effects(t: TestApp) {
  const ledger = await t.db
    .select({
      kind: pointLedger.kind,
      points: pointLedger.points,
      balanceAfter: pointLedger.balanceAfter,
      remaining: pointLedger.remaining,
      expiresAt: pointLedger.expiresAt,
      purchaseAmount: pointLedger.purchaseAmount,
      storeId: pointLedger.storeId,
      shortfall: pointLedger.shortfall,
    })
    .from(pointLedger)
    .where(eq(pointLedger.memberId, 1))
    .orderBy(asc(pointLedger.id))
  const member = await t.db.query.members.findFirst({
    where: eq(members.id, 1),
    columns: { balance: true, rank: true, lastVisitAt: true, nextExpiryAt: true },
  })
  const audits = (
    await t.db
      .select({ action: auditLog.action, target: auditLog.target, storeId: auditLog.storeId, detail: auditLog.detail })
      .from(auditLog)
      .where(like(auditLog.action, 'checkout.%'))
      .orderBy(asc(auditLog.id))
  ).map(({ detail, ...a }) => {
    const {
      staffRole: _role,
      entryId: _id,
      reverses: _reverses,
      reason: _reason,
      ...rest
    } = detail as Record<string, unknown>
    return { ...a, detail: rest }
  })
  const receipts = (
    await t.db
      .select({ to: deliveries.lineUserId, messages: deliveries.messages })
      .from(deliveries)
      .where(eq(deliveries.kind, 'receipt'))
      .orderBy(asc(deliveries.id))
  ).map((d) => ({ to: d.to, text: JSON.stringify(d.messages) }))
  return { ledger, member, audits, receipts }
}

describe('POS purchases through an API key', () => {
  let staffSide: TestApp
  let t: TestApp
  let key: string
  let keyId: number
  beforeEach(async () => {
    staffSide = await createTestApp()
    t = await createTestApp()
    const made = await createApiKey(t.db, 'POS', 'test', pos)
    ;({ key } = made)
    keyId = made.row.id
  })
  afterEach(async () => {
    await staffSide.close()
    await t.close()
  })

  const api = (path: string, body: unknown, headers: Record<string, string> = {}, apiKey = key) =>
    t.app.request(`/api/integration/purchases${path}`, json(body, { authorization: `Bearer ${apiKey}`, ...headers }))
  const staff = async (path: string, body: unknown, persona: 'staff' | 'admin' = 'staff') =>
    staffSide.app.request(path, json(body, bearer(await staffSide.signIn(persona)).headers))
  const cardOf = async (app: TestApp) => (await signCardToken(app.config.cardKeys, 1, app.clock.now)).value

  it('earns, redeems and returns with the same ledger rows, rank, audit and receipts as the staff page', async () => {
    // The staff page: earn 3,240 yen, redeem 100 with the card, and an admin reverses the earn.
    const earned = await (
      await staff('/api/staff/checkout/earn', { ...customer, purchaseAmount: 3240, idempotencyKey: 'staff-earn-1' })
    ).json()
    expect(
      (
        await staff('/api/staff/checkout/redeem', {
          cardToken: await cardOf(staffSide),
          points: 100,
          idempotencyKey: 'staff-redeem-1',
        })
      ).status,
    ).toBe(200)
    const reverse = { reason: 'ご返品', idempotencyKey: 'staff-reverse-1' }
    expect((await staff(`/api/staff/transactions/${earned.entry.id}/reverse`, reverse, 'admin')).status).toBe(200)

    // The POS: the same three through the API key, for store `shibuya` (the staff member's store).
    const earn = await api('', { ...customer, amount: 3240, storeCode: 'shibuya', receiptId: 'R-1' })
    expect(earn.status).toBe(200)
    expect(await earn.json()).toMatchObject({
      entry: { kind: 'earn', points: 64, actor: `apikey:${keyId}`, actorName: 'POS' },
      member: { balance: 1764 },
      replayed: false,
    })
    const redeem = await api('/redeem', {
      cardToken: await cardOf(t),
      points: 100,
      storeCode: 'shibuya',
      receiptId: 'R-2',
    })
    expect(redeem.status).toBe(200)
    const returned = await api('/return', { receiptId: 'R-1', reason: 'ご返品' })
    expect(returned.status).toBe(200)
    expect((await returned.json()).settlement).toMatchObject({ earned: 64, takenBack: 64, shortfall: 0 })

    expect(await effects(t)).toEqual(await effects(staffSide))
    const actors = await t.db
      .selectDistinct({ actor: auditLog.actor })
      .from(auditLog)
      .where(like(auditLog.action, 'checkout.%'))
    expect(actors).toEqual([{ actor: `apikey:${keyId}` }])
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('applies the same receipt once, also when it arrives several times at once', async () => {
    const body = { ...customer, amount: 5000, storeCode: 'shibuya', receiptId: 'R-dup' }
    const answers = await Promise.all(Array.from({ length: 5 }, () => api('', body)))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    const replays = await Promise.all(answers.map(async (r) => (await r.json()).replayed as boolean))
    expect(replays.filter((r) => !r)).toHaveLength(1)
    expect((await (await api('', body)).json()).replayed).toBe(true)
    expect(await t.db.$count(pointLedger, eq(pointLedger.kind, 'earn'))).toBe(1 + (await seededEarns(staffSide)))
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'checkout.earn'))).toBe(1)
    // The same receipt id for another amount is another transaction: refused, not replayed.
    const other = await api('', { ...body, amount: 6000 })
    expect(other.status).toBe(409)
    expect((await other.json()).error.code).toBe('idempotency_key_reused')
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('uses an Idempotency-Key header instead of the receipt id when one is sent, and returns by entry id', async () => {
    const body = { ...customer, amount: 1000, storeCode: 'shibuya', receiptId: 'R-same' }
    const first = await (await api('', body, { 'idempotency-key': 'till-3-0001' })).json()
    const second = await (await api('', body, { 'idempotency-key': 'till-3-0002' })).json()
    expect(second.entry.id).not.toBe(first.entry.id)
    expect((await (await api('', body, { 'idempotency-key': 'till-3-0001' })).json()).replayed).toBe(true)
    const byReceipt = await api('/return', { receiptId: 'R-same' })
    expect((await byReceipt.json()).error.code).toBe('entry_not_found')
    const byEntry = await api('/return', { entryId: first.entry.id })
    expect(await byEntry.json()).toMatchObject({ entry: { kind: 'reverse', points: -20 }, replayed: false })
    expect((await (await api('/return', { entryId: first.entry.id })).json()).replayed).toBe(true)
  })

  it('finds members by LINE user id, and looks up a balance', async () => {
    const byLine = { lineUserId: 'U1000000000000000000000000000c001' }
    const earn = await api('', { ...byLine, amount: 1000, storeCode: 'online', receiptId: 'EC-1' })
    expect(await earn.json()).toMatchObject({
      entry: { points: 20, storeId: 2 },
      member: { memberNumber: customer.memberNumber },
    })
    const lookup = await api('/lookup', byLine)
    expect(await lookup.json()).toMatchObject({ memberNumber: customer.memberNumber, balance: 1720, rank: 'gold' })
    const unknown = await api('/lookup', { lineUserId: 'U0000000000000000000000000000dead' })
    expect(unknown.status).toBe(404)
  })

  it('follows the staff page’s redeem rule: a typed or scanned number without the card is refused', async () => {
    const res = await api('/redeem', { ...customer, points: 100, storeCode: 'shibuya', receiptId: 'R-3' })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('card_required')
    expect(await t.db.$count(pointLedger, eq(pointLedger.kind, 'redeem'))).toBe(await seededRedeems(staffSide))
  })

  it('reverses only what its own key wrote, and refuses unknown stores and members with their codes', async () => {
    const staffToken = await t.signIn('staff')
    const staffEarn = { ...customer, purchaseAmount: 1000, idempotencyKey: 'staff-earn-9' }
    const staffEntry = (
      await (await t.app.request('/api/staff/checkout/earn', json(staffEarn, bearer(staffToken).headers))).json()
    ).entry
    const other = await api('/return', { entryId: staffEntry.id })
    expect([other.status, (await other.json()).error.code]).toEqual([404, 'entry_not_found'])
    expect((await (await api('/return', { entryId: staffEntry.id })).json()).error.code).toBe('entry_not_found')
    const store = await api('', { ...customer, amount: 1000, storeCode: 'nowhere', receiptId: 'R-4' })
    expect([store.status, (await store.json()).error.code]).toEqual([400, 'unknown_store'])
    const member = await api('', {
      memberNumber: memberNumberFor(999),
      amount: 1000,
      storeCode: 'shibuya',
      receiptId: 'R-5',
    })
    expect([member.status, (await member.json()).error.code]).toEqual([404, 'member_not_found'])
    const both = await api('', {
      ...customer,
      lineUserId: 'U1000000000000000000000000000c001',
      amount: 1,
      storeCode: 'shibuya',
      receiptId: 'R-6',
    })
    expect(both.status).toBe(400)
  })

  it('refuses a key without the purchases scope with 403 api_key_scope_missing, and a POS key on reservations', async () => {
    const booking = await createApiKey(t.db, 'booking', 'test')
    const res = await api('/lookup', customer, {}, booking.key)
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('api_key_scope_missing')
    const reservation = await t.app.request('/api/integration/reservations/b-1', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        memberNumber: customer.memberNumber,
        storeCode: 'shibuya',
        startsAt: '2026-11-30T15:00:00+09:00',
        partySize: 2,
      }),
    })
    expect((await reservation.json()).error.code).toBe('api_key_scope_missing')
  })

  it('limits each key to its tier’s requests per minute with 429 and Retry-After, other keys unaffected', async () => {
    const low = await createApiKey(t.db, 'slow till', 'test', { scopes: ['purchases'], rateTier: 'low' })
    for (let i = 0; i < 60; i++) expect((await api('/lookup', customer, {}, low.key)).status).toBe(200)
    const limited = await api('/lookup', customer, {}, low.key)
    expect(limited.status).toBe(429)
    expect((await limited.json()).error.code).toBe('rate_limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await api('/lookup', customer)).status).toBe(200)
    t.clock.advance(60_000)
    expect((await api('/lookup', customer, {}, low.key)).status).toBe(200)
  })
})

const seededEarns = (t: TestApp) => t.db.$count(pointLedger, eq(pointLedger.kind, 'earn'))
const seededRedeems = (t: TestApp) => t.db.$count(pointLedger, eq(pointLedger.kind, 'redeem'))
