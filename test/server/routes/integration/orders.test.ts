import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, orders } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ecSite, flexInbox } from '../../../support/commerce'
import { testAppPerSuite } from '../../../support/test-app'

const customer = personaByKey('customer')!.lineUserId
const newcomer = personaByKey('newcomer')!.lineUserId

describe('POST /api/integration/orders/{orderId}/events', () => {
  // 23:00 in Tokyo: inside the shop's quiet hours, which order notices do not wait for.
  const t = testAppPerSuite({ now: new Date('2026-11-23T14:00:00Z') })
  let ec: Awaited<ReturnType<typeof ecSite>>
  beforeAll(async () => {
    ec = await ecSite(t)
  })
  const byNumber = { memberNumber: memberNumberFor(1) }

  it('tells the customer of a placed order with its number and total, at once even in quiet hours', async () => {
    const placed = await ec.order('EC-1', { event: 'placed', customer: byNumber, totalYen: 5480 })
    expect(placed.status).toBe(201)
    expect(placed.body).toMatchObject({ orderId: 'EC-1', status: 'placed', totalYen: 5480, notified: true })
    const [row] = await t.db.select().from(deliveries).where(eq(deliveries.dedupeKey, 'order:EC-1:placed'))
    expect(row).toMatchObject({ kind: 'order', holdInQuietHours: false, lineUserId: customer })
    await drainOutbox(t.deps, { quiet: { hours: { start: '21:00', end: '09:00' }, timeZone: 'Asia/Tokyo' } })
    const [notice] = flexInbox(t, customer)
    expect(notice!.altText).toBe('ご注文ありがとうございます')
    expect(JSON.stringify(notice!.contents)).toContain('注文番号 EC-1')
    expect(JSON.stringify(notice!.contents)).toContain('¥5,480')
  })

  it('sends the tracking URL of a shipped order as the notice’s button', async () => {
    const shipped = await ec.order('EC-1', {
      event: 'shipped',
      customer: byNumber,
      trackingUrl: 'https://track.example.jp/abc?n=1',
    })
    expect(shipped.body).toMatchObject({ status: 'shipped', trackingUrl: 'https://track.example.jp/abc?n=1' })
    await drainOutbox(t.deps)
    const notice = flexInbox(t, customer).at(-1)!
    expect(notice.altText).toBe('商品を発送しました')
    expect(notice.contents.footer.contents[0].action).toEqual({
      type: 'uri',
      label: '配送状況を確認',
      uri: 'https://track.example.jp/abc?n=1',
    })
  })

  it('answers a replay with what it did, sending nothing again, and refuses another body for the same event', async () => {
    const before = (await t.db.select().from(deliveries)).length
    const again = await ec.order('EC-1', {
      event: 'shipped',
      customer: byNumber,
      trackingUrl: 'https://track.example.jp/abc?n=1',
    })
    expect(again).toMatchObject({ status: 200, body: { replayed: true, notified: false, status: 'shipped' } })
    const other = await ec.order('EC-1', {
      event: 'shipped',
      customer: byNumber,
      trackingUrl: 'https://track.example.jp/zzz',
    })
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } })
    expect((await t.db.select().from(deliveries)).length).toBe(before)
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.target, 'order:EC-1'))
    expect(audits.map((a) => a.action)).toEqual(['order.placed', 'order.shipped'])
  })

  it('applies one of concurrent identical events', async () => {
    const body = { event: 'placed', customer: byNumber }
    const results = await Promise.all(Array.from({ length: 4 }, () => ec.order('EC-race', body)))
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(3)
    expect(await t.db.select().from(deliveries).where(eq(deliveries.dedupeKey, 'order:EC-race:placed'))).toHaveLength(1)
  })

  it('keeps the furthest status, and refuses events after a cancellation or a cancellation after delivery', async () => {
    await ec.order('EC-2', { event: 'delivered', customer: byNumber })
    await ec.order('EC-2', { event: 'paid', customer: byNumber })
    const [row] = await t.db.select().from(orders).where(eq(orders.externalId, 'EC-2'))
    expect(row!.status).toBe('delivered')
    expect((await ec.order('EC-2', { event: 'cancelled', customer: byNumber })).body.error.code).toBe('order_delivered')
    await ec.order('EC-3', { event: 'cancelled', customer: byNumber })
    expect(
      (await ec.order('EC-3', { event: 'shipped', customer: byNumber, trackingUrl: 'https://t.example/1' })).body.error
        .code,
    ).toBe('order_cancelled')
  })

  it('reaches a LINE friend without a membership by user id, in their language fallback', async () => {
    const res = await ec.order('EC-4', { event: 'placed', customer: { lineUserId: newcomer } })
    expect(res.body).toMatchObject({ notified: true })
    await drainOutbox(t.deps)
    expect(JSON.stringify(flexInbox(t, newcomer)[0]!.contents)).toContain('お客様')
    const other = await ec.order('EC-4', { event: 'shipped', customer: byNumber, trackingUrl: 'https://t.example/2' })
    expect(other.body.error.code).toBe('order_other_customer')
  })

  it('answers bad input with a 4xx code and writes nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ event: 'shipped', customer: byNumber }, 400, 'tracking_url_required'],
      [{ event: 'shipped', customer: byNumber, trackingUrl: 'http://track.example.jp/1' }, 400, 'url_not_https'],
      [{ event: 'shipped', customer: byNumber, trackingUrl: 'javascript:alert(1)' }, 400, 'url_not_https'],
      [
        { event: 'shipped', customer: byNumber, trackingUrl: `https://t.example/${'a'.repeat(1000)}` },
        400,
        'invalid_request',
      ],
      [{ event: 'placed', customer: byNumber, orderUrl: 'https://shop.example.jp/o 1' }, 400, 'url_not_https'],
      [{ event: 'lost', customer: byNumber }, 400, 'invalid_request'],
      [{ event: 'placed', customer: {} }, 400, 'invalid_request'],
      [{ event: 'placed', customer: { memberNumber: '0000000000' } }, 404, 'customer_not_found'],
      [{ event: 'placed', customer: { lineUserId: 'U' + 'f'.repeat(32) } }, 404, 'customer_not_found'],
      [{ event: 'placed', customer: byNumber, totalYen: -1 }, 400, 'invalid_request'],
      [{ event: 'placed', customer: byNumber, extra: true }, 400, 'invalid_request'],
      ['{"event": "placed",', 400, 'bad_request'],
    ]
    for (const [body, status, code] of cases) {
      const res = await ec.order('EC-bad', body)
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await ec.order('has space', { event: 'placed', customer: byNumber })).status).toBe(400)
    expect(await t.db.select().from(orders).where(eq(orders.externalId, 'EC-bad'))).toEqual([])
  })
})
