import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { insertPurchase, insertSentCampaign } from '../support/sent-campaign'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

const customer = personaByKey('customer')!

describe('what a campaign earned, in the console, in Chromium', () => {
  let e2e: BrowserApp
  let id: number

  beforeAll(async () => {
    e2e = await startBrowserApp()
    const db = e2e.server.deps.db
    const sentAt = Date.now() - 3_600_000
    id = await insertSentCampaign(db, 'https://shop.example/winter', new Date(sentAt))
    // One delivery to the customer (member 1), one click on it, and a purchase of ¥3,240 half an hour later.
    const [{ deliveryId }] =
      (await db.all(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key,
        status, attempts, next_attempt_at, campaign_id, source, sent_at, created_at)
      VALUES (${`campaign:${id}:1`}, 'campaign', ${customer.lineUserId}, '[]', 'campaign-results-retry', 'sent', 1, ${sentAt}, ${id},
        ${`campaign:${id}`}, ${sentAt}, ${sentAt}) RETURNING id AS deliveryId`)) as [{ deliveryId: number }]
    await db.run(sql`INSERT INTO campaign_clicks (delivery_id, campaign_id, member_id, link_index, clicked_at)
      VALUES (${deliveryId}, ${id}, 1, 0, ${sentAt + 60_000})`)
    await insertPurchase(db, 1, 3240, sentAt + 1_800_000, 'campaign-results-test')
  })
  afterAll(() => e2e?.close())

  const open = async (locale: string) => {
    const { context, page } = await e2e.newPhonePage({ locale })
    await page.goto(`${e2e.server.url}/admin/campaigns/${id}?persona=admin`)
    await page.getByTestId('campaign-results').waitFor()
    return { page, close: () => context.close() }
  }

  it("shows the reports page's figures and the rule they are counted by, in Japanese, and in English", async () => {
    const ja = await open('ja-JP')
    const text = (testId: string) => ja.page.getByTestId(testId).textContent()
    expect(await text('result-sent')).toContain('配信数1')
    expect(await text('result-delivered')).toContain('配信済み1')
    expect(await text('result-clicked')).toContain('クリック（人）1')
    expect(await text('result-click-rate')).toContain('100.0%')
    expect(await text('result-purchases')).toContain('購入（クリック後）1配信後 0')
    expect(await text('result-revenue')).toContain('¥3,240')
    expect(await text('result-blocks')).toContain('0')
    expect(await text('campaign-results-rule')).toContain('7日以内')
    expect(await text('campaign-results-rule')).toContain('48時間以内')
    expect(await ja.page.getByTestId('campaign-results').textContent()).not.toMatch(/[A-Za-z]{3,}/)
    expect(await text('campaign-results-rule')).not.toMatch(/[A-Za-z]{3,}/)
    await ja.close()
    const en = await open('en-US')
    expect(await en.page.getByTestId('campaign-results').textContent()).toContain('CTR')
    expect(await en.page.getByTestId('result-revenue').textContent()).toContain('Revenue (after click)¥3,240')
    expect(await en.page.getByTestId('campaign-results-rule').textContent()).toContain('in the 7 days before it')
    expect(await en.page.getByTestId('campaign-results-rule').textContent()).not.toMatch(/[ぁ-んァ-ン一-龯]/)
    await en.close()
  })
})
