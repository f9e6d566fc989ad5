import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries, pointLedger, staff } from '../../../../db/schema'
import { defaultSettings } from '../../../../server/data/settings'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ledgerViolations, noViolations } from '../../../support/ledger-invariants'
import { bearer, createTestApp, json, type TestApp } from '../../../support/test-app'

describe('reversing an earn whose points were partly used', () => {
  let t: TestApp
  let manager: string
  const key = () => `k-${crypto.randomUUID()}`
  const customer = personaByKey('customer')!.lineUserId
  beforeEach(async () => {
    t = await createTestApp()
    await t.db.insert(staff).values({
      lineUserId: 'U000000000000000000000000000m0001',
      displayName: '店長 渋谷',
      storeId: 1,
      role: 'manager',
    })
    manager = await t.signIn({ lineUserId: 'U000000000000000000000000000m0001' })
  })
  afterEach(async () => {
    expect(await ledgerViolations(t.db)).toEqual(noViolations)
    await t.close()
  })

  const post = (path: string, body: Record<string, unknown>) =>
    t.app.request(path, json({ idempotencyKey: key(), ...body }, bearer(manager).headers))
  /** Earn 100 pt (¥5,000 at gold's 2 pt/¥100), then redeem everything but 20 pt: 80 of the 100 were used. */
  async function earnThenUseAllBut20() {
    const earned = await (
      await post('/api/staff/checkout/earn', { memberNumber: '0000000018', purchaseAmount: 5000 })
    ).json()
    expect(earned.entry.points).toBe(100)
    const redeemed = await post('/api/staff/checkout/redeem', { memberNumber: '0000000018', points: 1780 })
    expect(redeemed.status).toBe(200)
    return earned.entry.id as number
  }
  const reverse = (id: number, idempotencyKey = key()) =>
    post(`/api/staff/transactions/${id}/reverse`, { reason: 'ご返品', idempotencyKey })

  it('takes back the 20 pt left, answers an 80 pt (¥80) shortfall, and says so in the ledger, audit and receipt', async () => {
    const earnId = await earnThenUseAllBut20()
    const res = await reverse(earnId)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.entry).toMatchObject({ kind: 'reverse', points: -20, shortfall: 80, actorName: '店長 渋谷' })
    expect(body.settlement).toEqual({ earned: 100, takenBack: 20, shortfall: 80, shortfallYen: 80, expired: 0 })
    expect(body.member.balance).toBe(0)

    const row = await t.db.query.pointLedger.findFirst({ where: eq(pointLedger.id, body.entry.id) })
    expect(row).toMatchObject({ points: -20, balanceAfter: 0, shortfall: 80, reversesId: earnId, note: 'ご返品' })
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'checkout.reverse'))
    expect(audit!.detail).toMatchObject({
      points: -20,
      balance: 0,
      reason: 'ご返品',
      settlement: { shortfall: 80, shortfallYen: 80 },
    })

    await drainOutbox(t.deps)
    const inbox = t.sandbox.messaging.record.inbox.get(customer) ?? []
    const receipt = inbox.at(-1)!.message as unknown as { altText: string; contents: unknown }
    expect(receipt.altText).toBe('お取引を取り消しました（−20 pt、保有 0 pt、精算 80 pt）')
    const text = JSON.stringify(receipt.contents)
    expect(text).toContain('80 pt（¥80）')
    expect(text).toContain('¥80 をご返金額から差し引いて精算します')
  })

  it('states the shortfall in yen at the shop’s point value', async () => {
    await t.changeSetting('points', { ...defaultSettings.points, yenPerPoint: 1.5 })
    const body = await (await reverse(await earnThenUseAllBut20())).json()
    expect(body.settlement).toMatchObject({ shortfall: 80, shortfallYen: 120 })
  })

  it('reverses once when two reversals with different keys arrive together, and replays the same key', async () => {
    const earnId = await earnThenUseAllBut20()
    const sameKey = key()
    const results = await Promise.all([reverse(earnId, sameKey), reverse(earnId), reverse(earnId, sameKey)])
    const bodies = await Promise.all(results.map((r) => r.json()))
    const ok = results.filter((r) => r.status === 200)
    expect(results.filter((r) => r.status === 409)).toHaveLength(results.length - ok.length)
    expect(new Set(bodies.filter((b) => b.entry).map((b) => b.entry.id)).size).toBe(1)
    expect(await t.db.$count(pointLedger, eq(pointLedger.reversesId, earnId))).toBe(1)
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'checkout.reverse'))).toBe(1)
    expect(await t.db.$count(deliveries, eq(deliveries.kind, 'receipt'))).toBe(3)
  })

  it('gives a reversed redeem back in full, with no settlement', async () => {
    const redeemed = await (
      await post('/api/staff/checkout/redeem', { memberNumber: '0000000018', points: 300 })
    ).json()
    const body = await (await reverse(redeemed.entry.id)).json()
    expect(body.entry).toMatchObject({ kind: 'reverse', points: 300, shortfall: null })
    expect(body.settlement).toBeUndefined()
    expect(body.member.balance).toBe(1700)
  })

  it('lists each transaction with its time, kind, amount and who made it', async () => {
    const earnId = await earnThenUseAllBut20()
    await reverse(earnId)
    const { transactions } = await (await t.app.request('/api/staff/transactions?limit=3', bearer(manager))).json()
    expect(
      transactions.map((x: { kind: string; points: number; actorName: string; at: string }) => [
        x.kind,
        x.points,
        x.actorName,
        x.at,
      ]),
    ).toEqual([
      ['reverse', -20, '店長 渋谷', t.clock.now.toISOString()],
      ['redeem', -1780, '店長 渋谷', t.clock.now.toISOString()],
      ['earn', 100, '店長 渋谷', t.clock.now.toISOString()],
    ])
    expect(transactions[0].shortfall).toBe(80)
  })
})
