import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, deliveries, reservations } from '../../../db/schema'
import { keywordOf } from '../../../server/webhook/message'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppPerSuite } from '../../support/test-app'
import { queueReservationReminder } from '../../support/reminders'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

describe('webhook message and postback events', () => {
  // 12:00 JST on 23 Nov; the customer (member 1) has reservation 1 tomorrow 18:00, member 2 has reservation 3.
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00') })

  /** Sends the event, waits for background processing, returns the texts the user was answered with. */
  async function answers(send: () => Promise<Response>, userId = customer.lineUserId): Promise<string[]> {
    t.sandbox.messaging.record.inbox.delete(userId)
    expect((await send()).status).toBe(200)
    await t.settle()
    return (t.sandbox.messaging.record.inbox.get(userId) ?? [])
      .filter((m) => m.kind === 'reply')
      .map((m) => String(m.message.text))
  }
  const status = async (id: number) =>
    (await t.db.query.reservations.findFirst({ where: eq(reservations.id, id) }))!.status

  describe('keywords', () => {
    it('「ポイント」 answers the balance', async () => {
      expect(await answers(() => t.sandbox.webhook.text(customer.lineUserId, 'ポイント'))).toEqual([
        expect.stringContaining('1,700pt'),
      ])
    })

    it('「会員証」 answers the card link', async () => {
      expect(await answers(() => t.sandbox.webhook.text(customer.lineUserId, '会員証を見せて'))).toEqual([
        expect.stringContaining(`${t.config.publicUrl}/`),
      ])
    })

    it('「予約」 answers the next reservation with date, time and store', async () => {
      const [answer] = await answers(() => t.sandbox.webhook.text(customer.lineUserId, '予約'))
      expect(answer).toContain('11月24日(火) 18:00')
      expect(answer).toContain('渋谷店')
    })

    it('tells an unlinked user how to link instead of a balance', async () => {
      expect(await answers(() => t.sandbox.webhook.text(newcomer.lineUserId, 'ポイント'), newcomer.lineUserId)).toEqual(
        [expect.stringContaining('連携されていません')],
      )
    })

    it('answers anything else, and non-text messages, with a short help', async () => {
      expect(await answers(() => t.sandbox.webhook.text(customer.lineUserId, 'こんにちは'))).toEqual([
        expect.stringContaining('「ポイント」「会員証」「予約」'),
      ])
      const sticker = {
        ...t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text: 'x' }),
      } as Record<string, unknown>
      sticker.message = {
        type: 'sticker',
        id: '1',
        packageId: '1',
        stickerId: '1',
        stickerResourceType: 'STATIC',
        quoteToken: 'q',
      }
      expect(await answers(() => t.sandbox.webhook.send([sticker as never]))).toEqual([
        expect.stringContaining('「ポイント」'),
      ])
    })
  })

  describe('reservation postbacks', () => {
    it('confirms the customer’s reservation, then answers a repeated tap without changing anything', async () => {
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:confirm:1'))).toEqual([
        'ご予約を確定しました。ご来店をお待ちしております。',
      ])
      expect(await status(1)).toBe('confirmed')
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:confirm:1'))).toEqual([
        'このご予約はすでに確定済みです。',
      ])
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'reservation.confirmed'))
      expect(audits).toHaveLength(1)
      expect(audits[0]).toMatchObject({ actor: `line:${customer.lineUserId}`, target: 'reservation:1' })
    })

    it('handles a redelivered postback once (no second reply)', async () => {
      const event = t.sandbox.webhook.build({
        type: 'postback',
        userId: customer.lineUserId,
        data: 'reservation:confirm:2',
      })
      expect(await answers(() => t.sandbox.webhook.send([event]))).toHaveLength(1)
      expect(
        await answers(() => t.sandbox.webhook.send([{ ...event, deliveryContext: { isRedelivery: true } }])),
      ).toHaveLength(0)
    })

    it('cancels, skips reminders still waiting, and cannot confirm a cancelled reservation', async () => {
      await queueReservationReminder(t, 'reservation:2:120m:1')
      await t.db.update(reservations).set({ status: 'booked' }).where(eq(reservations.id, 2))
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:cancel:2'))).toEqual([
        expect.stringContaining('キャンセルしました'),
      ])
      expect(await status(2)).toBe('cancelled')
      const [reminder] = await t.db.select().from(deliveries).where(eq(deliveries.dedupeKey, 'reservation:2:120m:1'))
      expect(reminder).toMatchObject({ status: 'skipped', lastError: 'reservation cancelled' })
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:cancel:2'))).toEqual([
        'このご予約はすでにキャンセル済みです。',
      ])
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:confirm:2'))).toEqual([
        expect.stringContaining('キャンセル済みのため確定できません'),
      ])
    })

    it('does not touch another member’s reservation', async () => {
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:cancel:3'))).toEqual([
        'ご予約が見つかりませんでした。',
      ])
      expect(await status(3)).toBe('booked')
    })

    it('asks an unlinked user to link first', async () => {
      expect(
        await answers(
          () => t.sandbox.webhook.postback(newcomer.lineUserId, 'reservation:confirm:3'),
          newcomer.lineUserId,
        ),
      ).toEqual([expect.stringContaining('連携が必要です')])
      expect(await status(3)).toBe('booked')
    })

    it('refuses to change a reservation whose time has passed', async () => {
      const [past] = await t.db
        .insert(reservations)
        .values({ memberId: 1, storeId: 1, startsAt: new Date(t.clock.now.getTime() - 3_600_000) })
        .returning()
      expect(
        await answers(() => t.sandbox.webhook.postback(customer.lineUserId, `reservation:cancel:${past!.id}`)),
      ).toEqual([expect.stringContaining('過ぎている')])
      expect(await status(past!.id)).toBe('booked')
    })

    it('ignores postback data it does not know, and unknown ids answer not found', async () => {
      expect(await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'richmenu:switch'))).toEqual([])
      expect(
        await answers(() => t.sandbox.webhook.postback(customer.lineUserId, 'reservation:confirm:999999')),
      ).toEqual(['ご予約が見つかりませんでした。'])
    })
  })
})

describe('keywordOf', () => {
  it('finds a keyword anywhere in a message, in full-width and half-width forms alike', () => {
    expect(keywordOf('ポイント残高を教えて')).toBe('points')
    expect(keywordOf('ｶｰﾄﾞ見せて')).toBe('card')
    expect(keywordOf('明日の予約は？')).toBe('reservation')
    expect(keywordOf('営業時間は？')).toBeNull()
  })

  it('with another bot beside it, takes only a message that is exactly a keyword', () => {
    expect(keywordOf(' ポイント ', true)).toBe('points')
    expect(keywordOf('会員証？', true)).toBe('card')
    expect(keywordOf('Points!', true)).toBe('points')
    expect(keywordOf('予約', true)).toBe('reservation')
    expect(keywordOf('ポイントカードは使えますか', true)).toBeNull()
    expect(keywordOf('予約したい', true)).toBeNull()
  })
})
