import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDate } from '../../server/domain/time-zone'
import { personaByKey } from '../../server/sandbox/personas'
import { insertPurchase, insertSentCampaign } from '../support/sent-campaign'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

const customer = personaByKey('customer')!

describe('the message reports page, in Chromium on a 360 px phone', () => {
  let e2e: BrowserApp
  // An hour ago: in the first hour of a Tokyo day that is yesterday's row of the per-day table, not the last one.
  const sentAt = Date.now() - 3_600_000

  beforeAll(async () => {
    e2e = await startBrowserApp()
    const db = e2e.server.deps.db
    const id = await insertSentCampaign(db, 'https://shop.example/winter', new Date(sentAt))
    // A campaign delivery and a cart reminder to the customer (member 1); a click on the reminder, then ¥4,980 spent.
    const [campaign, reminder] = (await db.all(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages,
        retry_key, status, attempts, next_attempt_at, campaign_id, source, sent_at, created_at)
      VALUES (${`campaign:${id}:1`}, 'campaign', ${customer.lineUserId}, '[]', 'report-a', 'sent', 1, ${sentAt}, ${id},
          ${`campaign:${id}`}, ${sentAt}, ${sentAt}),
        ('cart-reminder:report:1', 'cart_reminder', ${customer.lineUserId}, '[]', 'report-b', 'sent', 1, ${sentAt}, NULL,
          'trigger:cart_reminder', ${sentAt + 60_000}, ${sentAt + 60_000})
      RETURNING id`)) as { id: number }[]
    expect(campaign).toBeDefined()
    await db.run(sql`INSERT INTO message_clicks (delivery_id, source, member_id, link_index, clicked_at)
      VALUES (${reminder!.id}, 'trigger:cart_reminder', 1, 0, ${sentAt + 120_000})`)
    await insertPurchase(db, 1, 4980, sentAt + 1_800_000, 'message-report-test')
  })
  afterAll(() => e2e?.close())

  const open = async (locale: string) => {
    const { context, page } = await e2e.newPhonePage({ locale })
    await page.goto(`${e2e.server.url}/admin/reports?persona=admin`)
    await page.getByTestId('report-table').waitFor()
    return { page, close: () => context.close() }
  }

  it('shows each message with its figures in Japanese, then in English, and nothing overflows 360 px', async () => {
    const ja = await open('ja-JP')
    const table = ja.page.getByTestId('report-table')
    const rows = table.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    const reminder = await rows.filter({ hasText: 'カートのリマインド' }).innerText()
    expect(reminder).toContain('100.0%')
    expect(reminder).toContain('¥4,980')
    expect(await rows.filter({ hasText: '冬のセール' }).innerText()).toContain('配信後 ¥0')
    expect(await ja.page.locator('.admin__main').innerText()).not.toMatch(/\b(?:Sent|Delivered|Trigger|Campaign)\b/)
    expect(await ja.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await ja.close()

    const en = await open('en-US')
    const text = await en.page.getByTestId('report-table').innerText()
    expect(text).toContain('Cart reminder')
    expect(await en.page.getByTestId('report-table').locator('td[data-label="Blocks after send"]').count()).toBe(2)
    // Only the campaign's own name is Japanese.
    expect((await en.page.locator('.admin__main').innerText()).replaceAll('冬のセール', '')).not.toMatch(/[ぁ-んァ-ヶ]/)
    expect(await en.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await en.close()
  })

  it('draws what each day earned as bars with a spoken summary and a table, in either language, within 360 px', async () => {
    const ja = await open('ja-JP')
    const days = ja.page.getByTestId('report-days')
    const chart = days.locator('svg[role="img"]')
    expect(await chart.getAttribute('aria-label')).toContain('配信数: 合計 2')
    expect(await chart.getAttribute('aria-label')).toContain('クリック（人）: 合計 1')
    expect(await chart.locator('rect').count()).toBe(30 * 3)
    await days.getByTestId('report-days-revenue').click()
    await expect.poll(() => chart.getAttribute('aria-label')).toContain('売上: 合計 4,980')
    expect(await days.getByTestId('report-days-revenue').getAttribute('aria-pressed')).toBe('true')
    await days.locator('summary').click()
    // The shop's day (Asia/Tokyo, the default zone) on which the messages were sent carries the purchase.
    const sendDay = days
      .getByTestId('report-days-table')
      .locator('tbody tr', { hasText: localDate(sentAt, 'Asia/Tokyo') })
    expect(await sendDay.innerText()).toContain('¥4,980')
    expect((await days.innerText()).replaceAll('LINE', '')).not.toMatch(/[A-Za-z]{3,}/)
    expect(await ja.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await ja.close()

    const en = await open('en-US')
    const enDays = en.page.getByTestId('report-days')
    expect(await enDays.locator('svg[role="img"]').getAttribute('aria-label')).toContain('Sent: 2 in all')
    await enDays.getByTestId('report-days-purchases').click()
    await expect
      .poll(() => enDays.locator('svg[role="img"]').getAttribute('aria-label'))
      .toContain('Purchases: 1 in all')
    await enDays.locator('summary').click()
    expect(await enDays.innerText()).not.toMatch(/[ぁ-んァ-ヶ一-龯]/)
    expect(await en.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await en.close()
  })

  it('downloads the table as CSV headed in the console language', async () => {
    const ja = await open('ja-JP')
    const [file] = await Promise.all([ja.page.waitForEvent('download'), ja.page.getByTestId('report-csv').click()])
    // The shared Chromium is connected remotely: the download is read through its stream, not a local path.
    const chunks: Buffer[] = []
    for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer)
    const csv = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
    expect(csv.split('\r\n')[0]).toMatch(/^種類,名前,ステップ,配信数,/)
    expect(csv).toContain('トリガー,cart_reminder,,1,1,1,1.0000,1,4980,0,0,0,,')
    await ja.close()
  })

  it('says in the console language when the period is not one', async () => {
    const ja = await open('ja-JP')
    await ja.page.getByTestId('report-from').fill('2026-12-31')
    await ja.page.getByTestId('report-to').fill('2026-01-01')
    await ja.page.getByTestId('report-show').click()
    await expect.poll(() => ja.page.getByRole('alert').textContent()).toContain('期間が正しくありません')
    await ja.close()
  })
})
