import { asc, eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { reservations } from '../../db/schema'
import { campaignMessages } from '../../server/domain/campaign-content'
import { receiptMessage } from '../../server/domain/receipt'
import { reservationReminder } from '../../server/messages/reservation-reminder'
import { personaByKey } from '../../server/sandbox/personas'
import { browserAppPerSuite } from '../support/browser-app'
import { submitRegistration } from '../support/register-page'

const customer = personaByKey('customer')!

/** Where to write the screenshots a person looks at (not checked by the test); unset, none are taken. */
const shots = process.env.SANDBOX_SCREENSHOTS

describe('LINE sandbox in Chromium', () => {
  const e2e = browserAppPerSuite()

  async function push(to: string, messages: unknown[]) {
    const res = await e2e.server.sandbox!.messaging.app.request('/v2/bot/message/push', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${e2e.server.config.line.channelAccessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ to, messages }),
    })
    expect(res.status).toBe(200)
  }

  async function shoot(page: Page, name: string) {
    if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true })
  }

  const inbox = (userId: string) => `${e2e.server.url}/sandbox/inbox?user=${userId}`

  it('shows a receipt label with flex: 0 at its content width, on one line', async () => {
    await push(customer.lineUserId, [
      receiptMessage({
        kind: 'earn',
        points: 109,
        balance: 1809,
        purchaseAmount: 10_900,
        storeName: '渋谷店',
        shopName: 'Tsunagu デモショップ',
        at: new Date(),
        timeZone: 'Asia/Tokyo',
        cardUrl: `${e2e.server.url}/`,
      }),
    ])
    const { context, page } = await e2e.newPhonePage()
    await page.goto(inbox(customer.lineUserId))
    const label = page.locator('.fx-text', { hasText: '保有ポイント' })
    const box = (await label.boundingBox())!
    expect(box.width).toBeGreaterThan(50)
    expect(box.height).toBeLessThan(30)
    const value = (await page.locator('.fx-text', { hasText: '1,809 pt' }).boundingBox())!
    expect(value.x).toBeGreaterThanOrEqual(box.x + box.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await shoot(page, 'inbox-360')
    await page.setViewportSize({ width: 1280, height: 900 })
    await shoot(page, 'inbox-desktop')
    await context.close()
  })

  it('lays a coupon campaign out inside its bubble at 360 px', async () => {
    const [coupon] = campaignMessages({
      template: 'coupon',
      title: '冬のご来店クーポン',
      description: 'お会計から10%オフ。12月末までご利用いただけます。',
      code: 'WINTER10',
      validUntil: '2026-12-31',
      url: 'https://shop.test/coupon',
    })
    await push(personaByKey('staff')!.lineUserId, [coupon])
    const { context, page } = await e2e.newPhonePage()
    await page.goto(inbox(personaByKey('staff')!.lineUserId))
    const bubble = (await page.locator('.fx-bubble').boundingBox())!
    const code = (await page.locator('.fx-text', { hasText: 'WINTER10' }).boundingBox())!
    expect(code.x).toBeGreaterThan(bubble.x)
    expect(code.x + code.width).toBeLessThan(bubble.x + bubble.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await shoot(page, 'coupon-360')
    await context.close()
  })

  it('shows a tapped postback button as its display text and the server confirms the reservation', async () => {
    const [reservation] = await e2e.server.deps.db
      .select()
      .from(reservations)
      .where(eq(reservations.memberId, 1))
      .orderBy(asc(reservations.startsAt))
      .limit(1)
    await push(customer.lineUserId, [
      reservationReminder({
        reservationId: reservation!.id,
        memberName: '山田 花子',
        startsAt: reservation!.startsAt,
        partySize: reservation!.partySize,
        menu: reservation!.menu,
        store: { name: '渋谷店', timeZone: 'Asia/Tokyo', mapUrl: null, address: null },
      }),
    ])
    const { context, page } = await e2e.newPhonePage()
    await page.goto(inbox(customer.lineUserId))
    await page.getByRole('button', { name: '予約を確定する' }).last().click()
    await page.locator('.row.me .bubble', { hasText: '予約を確定します' }).waitFor()
    expect(await page.locator('.row.me .bubble', { hasText: 'reservation:' }).count()).toBe(0)
    await e2e.server.settle()
    await expect
      .poll(
        async () =>
          (await e2e.server.deps.db.query.reservations.findFirst({ where: eq(reservations.id, reservation!.id) }))
            ?.status,
      )
      .toBe('confirmed')
    await context.close()
  })

  it("taps the member's rich menu through to the LIFF card, opened as them", async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(inbox(customer.lineUserId))
    const menu = page.locator('details.richmenu')
    await expect.poll(() => menu.getAttribute('open')).not.toBeNull()
    const opened = context.waitForEvent('page')
    await menu.getByRole('link', { name: '会員証' }).click()
    const card = await opened
    await card.getByTestId('card-qr').waitFor()
    expect(await card.getByTestId('sandbox-bar').textContent()).toContain(customer.displayName)
    await shoot(card, 'card-from-menu-360')
    await card.getByTestId('sandbox-chat').click()
    await card.locator('details.richmenu').waitFor()
    expect(new URL(card.url()).searchParams.get('user')).toBe(customer.lineUserId)
    await context.close()
  })

  it('adds a new customer from the persona picker, who can register a membership', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/`)
    await page.getByTestId('add-newcomer').waitFor()
    await shoot(page, 'picker-360')
    await page.getByTestId('add-newcomer').click()
    await page.getByTestId('card-not-member').waitFor()
    const name = await page.getByTestId('sandbox-bar').textContent()
    expect(name).not.toContain('佐藤 健')
    await page.getByTestId('go-register').click()
    await submitRegistration(page, {
      name: '高橋 美咲',
      nameKana: 'タカハシ ミサキ',
      birthday: '1995-05-05',
      phone: '090-2222-3333',
      prefecture: '東京都',
    })
    await page.getByTestId('card-qr').waitFor()
    await context.close()
  })

  it('resets the demo from the inbox after asking', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(inbox(customer.lineUserId))
    await page.getByTestId('reset-demo').click()
    await shoot(page, 'reset-confirm-360')
    await page.getByRole('button', { name: 'リセットする' }).click()
    await page.getByRole('status').filter({ hasText: 'デモを最初の状態に戻しました' }).waitFor()
    expect(await page.locator('.row').count()).toBe(0)
    const personas = (await (await fetch(`${e2e.server.url}/sandbox/login/personas`)).json()) as unknown[]
    expect(personas).toHaveLength(4)
    await context.close()
  })
})
