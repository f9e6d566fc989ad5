import { eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, itemAlerts, members, savedItems } from '../../../../db/schema'
import { registerMember } from '../../../../server/data/linking'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { planItemAlerts } from '../../../../server/jobs/item-alerts'
import { unlimitedBudget } from '../../../../server/jobs/chunked'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { ecSite, flexInbox, towel } from '../../../support/commerce'
import { registration } from '../../../support/job-deps'
import { crashingBatches } from '../../../support/job-scale'
import { testAppPerSuite } from '../../../support/test-app'

const customer = personaByKey('customer')!.lineUserId

describe('saved items: PUT /api/integration/items/{itemId}/saved and POST …/events', () => {
  const t = testAppPerSuite({ now: new Date('2026-11-23T03:00:00Z') })
  let ec: Awaited<ReturnType<typeof ecSite>>
  beforeAll(async () => {
    ec = await ecSite(t)
    await t.db.update(members).set({ language: 'en' }).where(eq(members.id, 1))
  })
  const byNumber = { memberNumber: memberNumberFor(1) }
  /** The frequent job's item alert part, with no limit: the messages it planned. */
  const plan = async () => (await planItemAlerts(t.db, t.clock.now, unlimitedBudget())).planned

  it('tells a restock once to the customers who saved the item, in their language', async () => {
    expect((await ec.save('towel-1', { customer: byNumber, item: towel })).body).toEqual({ saved: true })
    const restock = { kind: 'restock', eventId: 'r-1', item: towel }
    expect(await ec.itemEvent('towel-1', restock)).toMatchObject({ status: 201, body: { queued: true } })
    expect(await ec.itemEvent('towel-1', restock)).toMatchObject({
      status: 200,
      body: { replayed: true, queued: false },
    })
    expect(await ec.itemEvent('other-item', { ...restock, eventId: 'r-9' })).toMatchObject({ body: { queued: true } })
    // The call only recorded the events: the job tells the savers.
    expect(await t.db.$count(deliveries, eq(deliveries.kind, 'item_alert'))).toBe(0)
    expect(await plan()).toBe(1)
    expect(await plan()).toBe(0)
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
    await drop('p-0', 1980)
    expect(await plan()).toBe(0)
    await drop('p-1', 1500)
    expect(await plan()).toBe(1)
    const [saved] = await t.db.select().from(savedItems)
    expect(saved!.priceYen).toBe(1500)
    await drop('p-2', 1600)
    expect(await plan()).toBe(0)
    await drainOutbox(t.deps)
    expect(JSON.stringify(flexInbox(t, customer).at(-1)!.contents)).toContain('dropped from ¥1,980 to ¥1,500')
  })

  it('forgets an unsaved item, and refuses bad input', async () => {
    expect((await ec.save('towel-1', { customer: byNumber, item: towel, saved: false })).body).toEqual({ saved: false })
    expect((await ec.itemEvent('towel-1', { kind: 'restock', eventId: 'r-2', item: towel })).status).toBe(201)
    expect(await plan()).toBe(0)
    const bad = [
      { kind: 'sale', eventId: 'x', item: towel },
      { kind: 'restock', eventId: 'with space', item: towel },
      { kind: 'restock', eventId: 'x', item: { ...towel, url: 'https://' } },
    ]
    for (const body of bad) expect((await ec.itemEvent('towel-1', body)).status, JSON.stringify(body)).toBe(400)
  })

  it('tells an item with many savers in bounded chunks, and one interrupted goes on from its cursor telling no one twice', async () => {
    const savers = 23
    for (let i = 0; i < savers; i++) {
      const member = await registerMember(t.db, registration(`U${String(i).padStart(32, 'a')}`), t.clock.now)
      if (!('memberId' in member)) throw new Error(member.message)
      await t.db
        .insert(savedItems)
        .values({ itemId: 'lamp', memberId: member.memberId, ...towel, createdAt: t.clock.now })
    }
    expect((await ec.itemEvent('lamp', { kind: 'restock', eventId: 'big', item: towel })).status).toBe(201)
    // One invocation with a budget of 2 chunks of 5 savers: 10 planned, the cursor kept.
    expect(await planItemAlerts(t.db, t.clock.now, { steps: 2, rowsPerStep: 5 })).toEqual({ planned: 10, done: false })
    const [alert] = await t.db.select().from(itemAlerts).where(eq(itemAlerts.key, 'item:lamp:restock:big'))
    expect(alert).toMatchObject({ planned: 10, doneAt: null })
    // The next one is cut short in its second chunk: its first chunk stands, the second wrote nothing.
    await expect(planItemAlerts(crashingBatches(t.db, 2), t.clock.now, { steps: 5, rowsPerStep: 5 })).rejects.toThrow()
    const keys = () =>
      t.db.select({ key: deliveries.dedupeKey }).from(deliveries).where(like(deliveries.dedupeKey, 'item:lamp:%'))
    expect(await keys()).toHaveLength(15)
    expect(await planItemAlerts(t.db, t.clock.now, { steps: 10, rowsPerStep: 5 })).toEqual({ planned: 8, done: true })
    const planned = (await keys()).map((k) => k.key)
    expect(planned).toHaveLength(savers)
    expect(new Set(planned).size).toBe(savers)
    expect((await t.db.select().from(itemAlerts).where(eq(itemAlerts.id, alert!.id)))[0]!.doneAt).not.toBeNull()
    const told = await t.db.select().from(auditLog).where(eq(auditLog.action, 'item.alert_planned'))
    expect(told.filter((e) => e.target === 'item:lamp').map((e) => e.detail)).toEqual([
      { key: 'item:lamp:restock:big', recipients: savers },
    ])
    expect(await planItemAlerts(t.db, t.clock.now, { steps: 10, rowsPerStep: 5 })).toEqual({ planned: 0, done: true })
  })
})
