import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveries, members, savedItems } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ecSite, flexInbox, towel } from '../../../support/commerce'
import { createTestApp, type TestApp } from '../../../support/test-app'

const customer = personaByKey('customer')!.lineUserId

describe('saved items: PUT /api/integration/items/{itemId}/saved and POST …/events', () => {
  let t: TestApp
  let ec: Awaited<ReturnType<typeof ecSite>>
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-23T03:00:00Z') })
    ec = await ecSite(t)
    await t.db.update(members).set({ language: 'en' }).where(eq(members.id, 1))
  })
  afterAll(() => t.close())
  const byNumber = { memberNumber: memberNumberFor(1) }

  it('tells a restock once to the customers who saved the item, in their language', async () => {
    expect((await ec.save('towel-1', { customer: byNumber, item: towel })).body).toEqual({ saved: true })
    const restock = { kind: 'restock', eventId: 'r-1', item: towel }
    expect(await ec.itemEvent('towel-1', restock)).toMatchObject({ status: 201, body: { notified: 1 } })
    expect(await ec.itemEvent('towel-1', restock)).toMatchObject({ status: 200, body: { replayed: true, notified: 0 } })
    expect(await ec.itemEvent('other-item', { ...restock, eventId: 'r-9' })).toMatchObject({ body: { notified: 0 } })
    const rows = await t.db.select().from(deliveries).where(eq(deliveries.kind, 'item_alert'))
    expect(rows).toHaveLength(1)
    expect(rows[0]!.holdInQuietHours).toBe(true)
    await drainOutbox(t.deps)
    const [notice] = flexInbox(t, customer)
    expect(notice!.altText).toBe('Back in stock')
    expect(notice!.contents.footer.contents[0].action.uri).toBe(towel.url)
    const changed = await ec.itemEvent('towel-1', { ...restock, item: { ...towel, priceYen: 1 } })
    expect(changed).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } })
  })

  it('tells a price drop only below the price the customer saw, then from the new price', async () => {
    const drop = (eventId: string, priceYen: number) =>
      ec.itemEvent('towel-1', { kind: 'price_drop', eventId, item: { ...towel, priceYen }, previousPriceYen: 1980 })
    expect((await drop('p-0', 1980)).body.notified).toBe(0)
    expect((await drop('p-1', 1500)).body.notified).toBe(1)
    const [saved] = await t.db.select().from(savedItems)
    expect(saved!.priceYen).toBe(1500)
    expect((await drop('p-2', 1600)).body.notified).toBe(0)
    await drainOutbox(t.deps)
    expect(JSON.stringify(flexInbox(t, customer).at(-1)!.contents)).toContain('dropped from ¥1,980 to ¥1,500')
  })

  it('forgets an unsaved item, and refuses bad input', async () => {
    expect((await ec.save('towel-1', { customer: byNumber, item: towel, saved: false })).body).toEqual({ saved: false })
    expect((await ec.itemEvent('towel-1', { kind: 'restock', eventId: 'r-2', item: towel })).body.notified).toBe(0)
    const bad = [
      { kind: 'sale', eventId: 'x', item: towel },
      { kind: 'restock', eventId: 'with space', item: towel },
      { kind: 'restock', eventId: 'x', item: { ...towel, url: 'https://' } },
    ]
    for (const body of bad) expect((await ec.itemEvent('towel-1', body)).status, JSON.stringify(body)).toBe(400)
  })
})
