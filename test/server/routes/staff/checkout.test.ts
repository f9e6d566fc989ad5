import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts, members, pointLedger } from '../../../../db/schema'
import { signCardToken } from '../../../../server/domain/card-token'
import { schemaCheck } from '../../../../server/sandbox/line-openapi/schema-validator'
import { addPoints } from '../../../../server/data/ledger'
import { defaultSettings } from '../../../../server/data/settings'
import { ledgerViolations, noViolations } from '../../../support/ledger-invariants'
import { bearer, json, signedInTestApp, type TestApp } from '../../../support/test-app'

describe('staff checkout routes', () => {
  let t: TestApp
  let staffToken: string
  let n = 0
  const key = () => `test-key-${++n}-${crypto.randomUUID()}`
  beforeEach(async () => {
    await t?.close()
    ;({ t, session: staffToken } = await signedInTestApp('staff'))
  })
  afterAll(() => t.close())

  const post = (path: string, body: unknown, session = staffToken) =>
    t.app.request(`/api/staff/checkout/${path}`, json(body, bearer(session).headers))
  const card = async (memberId = 1) => (await signCardToken(t.config.cardKeys, memberId, t.clock.now)).value

  it('awards points for a scanned card at the rank rate, rounded down, with a receipt in the outbox', async () => {
    const res = await post('earn', { cardToken: await card(), purchaseAmount: 3240, idempotencyKey: key() })
    expect(res.status).toBe(200)
    const body = await res.json()
    // Gold: 2 pt per ¥100 → 64.8 → 64 (floor).
    expect(body.entry).toMatchObject({
      kind: 'earn',
      points: 64,
      purchaseAmount: 3240,
      storeId: 1,
      memberNumber: '0000000018',
    })
    expect(body.member).toMatchObject({ balance: 1764, rank: 'gold' })
    expect(body.replayed).toBe(false)
    const [delivery] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.dedupeKey, `receipt:${body.entry.id}`))
    expect(delivery).toMatchObject({
      kind: 'receipt',
      lineUserId: 'U1000000000000000000000000000c001',
      status: 'pending',
    })
    expect(schemaCheck('messaging-api', 'Message')(delivery!.messages[0])).toEqual([])
    expect(JSON.stringify(delivery!.messages)).toContain('1,764 pt')
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkout.earn'))
    expect(audit).toMatchObject({ actor: 'staff:1', storeId: 1, target: 'member:1' })
    expect(audit!.detail).toMatchObject({ entryId: body.entry.id, purchaseAmount: 3240, points: 64, balance: 1764 })
    const member = await t.db.query.members.findFirst({ where: eq(members.id, 1) })
    expect(member!.lastVisitAt).toEqual(t.clock.now)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('records the real balance when another write to the member lands between the lookup and the earn', async () => {
    const batch = t.db.batch.bind(t.db)
    let interleaved = false
    // The earn's batch is the first one: an online order for the same member commits just before it.
    t.db.batch = async (items) => {
      if (!interleaved) {
        interleaved = true
        const expiresAt = new Date(t.clock.now.getTime() + 86_400_000)
        await addPoints(
          t.db,
          { memberId: 1, idempotencyKey: 'ec-order', actor: 'ec:order', points: 100, expiresAt },
          t.clock.now,
        )
      }
      return batch(items)
    }
    const res = await post('earn', { cardToken: await card(), purchaseAmount: 3240, idempotencyKey: key() })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.member).toMatchObject({ balance: 1864 })
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkout.earn'))
    expect(audits.map((a) => a.detail)).toMatchObject([{ entryId: body.entry.id, points: 64, balance: 1864 }])
    const receipts = await t.db.select().from(deliveries)
    expect(receipts.map((d) => d.dedupeKey)).toEqual([`receipt:${body.entry.id}`])
    expect(JSON.stringify(receipts[0]!.messages)).toContain('1,864 pt')
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('gives each of many concurrent redeems and earns a receipt and answer with the balance right after it', async () => {
    const requests = [
      ...Array.from({ length: 10 }, async () =>
        post('redeem', { cardToken: await card(), points: 100, idempotencyKey: key() }),
      ),
      ...Array.from({ length: 5 }, async () =>
        // 30 pt each against redeems of 100: no two orders of the writes give the same running balance twice
        // (20 pt would: five earns after a redeem are worth that redeem), so every answer is told apart.
        post('earn', { cardToken: await card(), purchaseAmount: 1500, idempotencyKey: key() }),
      ),
    ]
    const responses = await Promise.all(requests)
    expect(responses.map((r) => r.status)).toEqual(Array(15).fill(200))
    const answers = (await Promise.all(responses.map((r) => r.json()))) as {
      entry: { id: number; points: number }
      member: { balance: number }
    }[]
    // The running balance in the order the entries were written, from the seeded 1,700.
    let running = 1700
    const after = new Map<number, number>()
    for (const a of [...answers].sort((x, y) => x.entry.id - y.entry.id))
      after.set(a.entry.id, (running += a.entry.points))
    expect(new Set(after.values()).size).toBe(15)
    for (const a of answers) expect(a.member.balance).toBe(after.get(a.entry.id))
    const receipts = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'receipt'))
    expect(receipts).toHaveLength(15)
    const stated = receipts.map((d) => {
      const id = Number(d.dedupeKey.replace('receipt:', ''))
      const altText = (d.messages[0] as { altText: string }).altText
      expect(altText).toContain(`保有 ${after.get(id)!.toLocaleString('ja-JP')} pt`)
      return after.get(id)
    })
    expect(new Set(stated)).toEqual(new Set(after.values()))
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} IN ('checkout.earn', 'checkout.redeem')`)
    for (const a of audits) expect(a.detail!.balance).toBe(after.get(a.detail!.entryId as number))
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('answers 409 idempotency_key_reused for a key sent again for another member or store, and the original for the same', async () => {
    const admin = await t.signIn('admin')
    const body = { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: key(), storeId: 1 }
    const first = await (await post('earn', body, admin)).json()
    const again = await post('earn', body, admin)
    expect(await again.json()).toMatchObject({ replayed: true, entry: { id: first.entry.id }, member: first.member })
    for (const other of [
      { memberNumber: '0000000026' },
      { storeId: 2 },
      { cardToken: await card(2), memberNumber: undefined },
    ]) {
      const res = await post('earn', { ...body, ...other }, admin)
      expect(res.status).toBe(409)
      expect((await res.json()).error.code).toBe('idempotency_key_reused')
    }
    const redeem = { cardToken: await card(), points: 100, idempotencyKey: key() }
    expect((await post('redeem', redeem)).status).toBe(200)
    t.clock.advance(5 * 60_000)
    // A late retry with the same (now expired) card still gets its answer; the same key for another member does not.
    expect(await (await post('redeem', redeem)).json()).toMatchObject({ replayed: true })
    const forOther = await post('redeem', { ...redeem, cardToken: await card(2) })
    expect((await forOther.json()).error.code).toBe('idempotency_key_reused')
    expect(await t.db.$count(pointLedger)).toBe(6)
  })

  it('accepts a typed member number (with full-width digits and hyphens)', async () => {
    const res = await post('earn', {
      memberNumber: '００００-０００-０１８',
      purchaseAmount: 1000,
      idempotencyKey: key(),
    })
    expect(res.status).toBe(200)
    expect((await res.json()).entry.points).toBe(20)
    const lookup = await t.app.request('/api/staff/checkout/members/0000000018', bearer(staffToken))
    expect(await lookup.json()).toEqual({
      memberNumber: '0000000018',
      name: '山田 花子',
      rank: 'gold',
      rankLabel: 'ゴールド',
      balance: 1720,
    })
    const typo = await post('earn', { memberNumber: '0000000019', purchaseAmount: 1000, idempotencyKey: key() })
    expect(typo.status).toBe(400)
    expect((await typo.json()).error.code).toBe('invalid_member_number')
  })

  it('uses a scanned card code for one transaction only', async () => {
    const token = await card()
    expect((await post('earn', { cardToken: token, purchaseAmount: 1000, idempotencyKey: key() })).status).toBe(200)
    const second = await post('earn', { cardToken: token, purchaseAmount: 1000, idempotencyKey: key() })
    expect(second.status).toBe(409)
    expect((await second.json()).error.code).toBe('card_used')
    const redeem = await post('redeem', { cardToken: token, points: 100, idempotencyKey: key() })
    expect((await redeem.json()).error.code).toBe('card_used')
    const verify = await t.app.request('/api/staff/cards/verify', json({ token }, bearer(staffToken).headers))
    expect((await verify.json()).error.code).toBe('card_used')
  })

  it('creates one transaction for a double-submitted earn, and answers a late retry after the code expired', async () => {
    const body = { cardToken: await card(), purchaseAmount: 3240, idempotencyKey: key() }
    const results = await Promise.all([post('earn', body), post('earn', body), post('earn', body)])
    const bodies = await Promise.all(results.map((r) => r.json()))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(new Set(bodies.map((b) => b.entry.id)).size).toBe(1)
    expect(bodies.filter((b) => !b.replayed)).toHaveLength(1)
    t.clock.advance(5 * 60_000)
    const late = await post('earn', body)
    expect(late.status).toBe(200)
    expect(await late.json()).toMatchObject({
      replayed: true,
      entry: { id: bodies[0].entry.id },
      member: { balance: 1764 },
    })
    const [row] = await t.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM point_ledger WHERE purchase_amount = 3240`,
    )
    expect(row!.n).toBe(1)
    expect(await t.db.$count(deliveries)).toBe(1)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'checkout.earn'))).toBe(1)
    const reused = await post('earn', { ...body, purchaseAmount: 5000 })
    expect((await reused.json()).error.code).toBe('idempotency_key_reused')
  })

  it('tells expired, forged and malformed codes apart', async () => {
    const expired = (await signCardToken(t.config.cardKeys, 1, new Date(t.clock.now.getTime() - 120_000))).value
    const forged = (await signCardToken({ current: 'sandbox', secrets: { sandbox: 'f'.repeat(32) } }, 1, t.clock.now))
      .value
    for (const [cardToken, code] of [
      [expired, 'card_expired'],
      [forged, 'card_bad_signature'],
      ['hello', 'card_malformed'],
    ]) {
      const res = await post('earn', { cardToken, purchaseAmount: 1000, idempotencyKey: key() })
      expect(res.status).toBe(422)
      expect((await res.json()).error.code).toBe(code)
    }
    expect(await t.db.$count(pointLedger)).toBe(4)
  })

  it('redeems up to the balance in the minimum unit, earliest-expiring points first', async () => {
    await t.changeSetting('points', {
      ...defaultSettings.points,
      ...{ validityDays: 365, redeemUnit: 100, rounding: 'floor' },
    })
    const odd = await post('redeem', { cardToken: await card(), points: 150, idempotencyKey: key() })
    expect(odd.status).toBe(422)
    expect((await odd.json()).error.code).toBe('invalid_redeem_unit')
    const tooMuch = await post('redeem', { cardToken: await card(), points: 1800, idempotencyKey: key() })
    expect(tooMuch.status).toBe(422)
    expect((await tooMuch.json()).error.code).toBe('insufficient_points')
    const ok = await post('redeem', { cardToken: await card(), points: 500, idempotencyKey: key() })
    expect(ok.status).toBe(200)
    expect((await ok.json()).member.balance).toBe(1200)
    const lot = await t.db.query.pointLedger.findFirst({ where: eq(pointLedger.id, 1) })
    expect(lot!.remaining).toBe(400)
    expect(await t.db.$count(deliveries, eq(deliveries.kind, 'receipt'))).toBe(1)
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
  })

  it('refuses earns beyond the daily cap with daily_earn_cap, and counts the day in the shop time zone', async () => {
    await t.changeSetting('checkout', {
      ...defaultSettings.checkout,
      ...{ dailyEarnCap: 100, maxPurchaseAmount: 1_000_000 },
    })
    expect(
      (await post('earn', { memberNumber: '0000000018', purchaseAmount: 4000, idempotencyKey: key() })).status,
    ).toBe(200) // 80 pt
    const over = await post('earn', { memberNumber: '0000000018', purchaseAmount: 2000, idempotencyKey: key() }) // 40 pt
    expect(over.status).toBe(422)
    expect(await over.json()).toMatchObject({ error: { code: 'daily_earn_cap', details: { left: 20, cap: 100 } } })
    t.clock.advance(13 * 3_600_000) // 12:00 → 01:00 the next day in Tokyo
    staffToken = await t.signIn('staff')
    expect(
      (await post('earn', { memberNumber: '0000000018', purchaseAmount: 2000, idempotencyKey: key() })).status,
    ).toBe(200)
  })

  it('sends no receipt to an unlinked member or one who blocked the account', async () => {
    expect(
      (await post('earn', { memberNumber: '0000000026', purchaseAmount: 1000, idempotencyKey: key() })).status,
    ).toBe(200)
    await t.db.update(lineAccounts).set({ friendStatus: 'blocked' }).where(eq(lineAccounts.memberId, 1))
    expect(
      (await post('earn', { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: key() })).status,
    ).toBe(200)
    expect(await t.db.$count(deliveries)).toBe(0)
  })

  it('flags more high-value earns per hour than the limit by one staff member, once', async () => {
    await t.changeSetting('checkout', {
      ...defaultSettings.checkout,
      ...{ dailyEarnCap: null, maxPurchaseAmount: 1_000_000 },
    })
    for (let i = 0; i < 5; i++) {
      expect(
        (await post('earn', { memberNumber: '0000000026', purchaseAmount: 100_000, idempotencyKey: key() })).status,
      ).toBe(200)
    }
    const alerts = await t.db.select().from(auditLog).where(eq(auditLog.action, 'alert.high_value_earns'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ actor: 'staff:1', storeId: 1, detail: { count: 4, limit: 3 } })
  })

  it('keeps customers out and rejects bad input with 400, writing nothing', async () => {
    const customer = await t.signIn('customer')
    const res = await post(
      'earn',
      { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: key() },
      customer,
    )
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('not_staff')
    expect((await t.app.request('/api/staff/transactions', bearer(customer))).status).toBe(403)
    expect((await post('earn', { purchaseAmount: 1000, idempotencyKey: key() })).status).toBe(400)
    expect(
      (await post('earn', { memberNumber: '0000000018', cardToken: 'x', purchaseAmount: 1000, idempotencyKey: key() }))
        .status,
    ).toBe(400)
    expect((await post('earn', { memberNumber: '0000000018', purchaseAmount: -5, idempotencyKey: key() })).status).toBe(
      400,
    )
    expect(
      (await post('earn', { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: 'short' })).status,
    ).toBe(400)
    expect(
      (await post('earn', { memberNumber: '0000000018', purchaseAmount: 1000, idempotencyKey: key(), storeId: 2 }))
        .status,
    ).toBe(403)
    const huge = await post('earn', { memberNumber: '0000000018', purchaseAmount: 2_000_000, idempotencyKey: key() })
    expect((await huge.json()).error.code).toBe('purchase_amount_too_large')
    const tiny = await post('earn', { memberNumber: '0000000026', purchaseAmount: 50, idempotencyKey: key() })
    expect((await tiny.json()).error.code).toBe('no_points')
    expect(await t.db.$count(pointLedger)).toBe(4)
  })
})
