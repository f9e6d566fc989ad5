import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditLog, deliveries } from '../../../../db/schema'
import { cancelNoticeKey } from '../../../../server/data/reservation-cancel'
import { defaultSettings } from '../../../../server/data/settings'
import { drainOutbox } from '../../../../server/outbox/sender'
import { personaByKey } from '../../../../server/sandbox/personas'
import { createTestApp, json, type TestApp } from '../../../support/test-app'

const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('an admin cancelling a reservation', () => {
  let t: TestApp
  afterEach(() => t.close())
  const customer = personaByKey('customer')!.lineUserId

  async function start(now: string) {
    t = await createTestApp({ now: jst(now) })
    const admin = await t.signIn('admin')
    return (id: number) =>
      t.app.request(`/api/admin/reservations/${id}/cancel`, json(undefined, { authorization: `Bearer ${admin}` }))
  }
  const notices = () => t.db.select().from(deliveries).where(eq(deliveries.kind, 'reservation_cancelled'))
  const audits = () => t.db.select().from(auditLog).where(eq(auditLog.action, 'reservation.cancelled'))

  it('cancels once, audits it and tells the customer in LINE; a repeat changes and sends nothing', async () => {
    const cancel = await start('2026-11-23T12:00:00')
    const res = await cancel(1)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: 1, status: 'cancelled', customerNotified: true })
    const again = await cancel(1)
    expect(await again.json()).toMatchObject({ status: 'cancelled', customerNotified: false })

    const [notice] = await notices()
    expect(notice).toMatchObject({ dedupeKey: cancelNoticeKey(1), lineUserId: customer, status: 'pending' })
    expect(notice!.nextAttemptAt.getTime()).toBe(t.clock.now.getTime())
    const [entry, ...more] = await audits()
    expect(more).toHaveLength(0)
    expect(entry).toMatchObject({ actor: expect.stringMatching(/^staff:/), target: 'reservation:1' })
    expect(entry!.detail).toMatchObject({ customerNotified: true })

    await drainOutbox(t.deps)
    const [delivered] = t.sandbox.messaging.record.inbox.get(customer) ?? []
    const message = delivered!.message as unknown as { altText: string; contents: { footer?: unknown } }
    expect(message.altText).toBe('ご予約キャンセルのお知らせ: 2026年11月24日(火) 18:00 渋谷店')
    expect(JSON.stringify(message.contents)).toContain('またのご来店をお待ちしております')
    expect(message.contents.footer).toBeUndefined()
  })

  it('offers a button to book again when the shop gives its booking page', async () => {
    const cancel = await start('2026-11-23T12:00:00')
    await t.changeSetting('messaging', { ...defaultSettings.messaging, rebookUrl: 'https://example.com/book' })
    expect((await cancel(1)).status).toBe(200)
    await drainOutbox(t.deps)
    const [delivered] = t.sandbox.messaging.record.inbox.get(customer) ?? []
    expect(JSON.stringify(delivered!.message)).toContain(
      '{"type":"uri","label":"予約し直す","uri":"https://example.com/book"}',
    )
  })

  it('holds the notice until quiet hours end (21:00–09:00) when the visit is later than that', async () => {
    const cancel = await start('2026-11-23T23:30:00')
    expect(await (await cancel(1)).json()).toMatchObject({ customerNotified: true })
    const [notice] = await notices()
    expect(notice!.nextAttemptAt.toISOString()).toBe(jst('2026-11-24T09:00:00').toISOString())
    expect((await drainOutbox(t.deps)).claimed).toBe(0)
  })

  it('does not notify a member with no linked LINE account', async () => {
    const cancel = await start('2026-11-23T12:00:00')
    expect(await (await cancel(3)).json()).toMatchObject({ status: 'cancelled', customerNotified: false })
    expect(await notices()).toHaveLength(0)
    expect((await audits())[0]!.detail).toMatchObject({ customerNotified: false })
  })

  it('writes one notice and one audit entry when two cancels arrive together', async () => {
    const cancel = await start('2026-11-23T12:00:00')
    const results = await Promise.all([cancel(1), cancel(1), cancel(1)])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(await notices()).toHaveLength(1)
    expect(await audits()).toHaveLength(1)
  })
})
