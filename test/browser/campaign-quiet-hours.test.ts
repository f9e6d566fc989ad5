import { and, eq, sql } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveries } from '../../db/schema'
import { runScheduledJobs } from '../../server/jobs'
import { personaByKey } from '../../server/sandbox/personas'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

const customer = personaByKey('customer')!
const tokyoTime = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)

describe('campaigns that must not wake customers, in Chromium', () => {
  let e2e: BrowserApp
  let context: BrowserContext
  let page: Page
  const inbox = async (lineUserId: string) =>
    JSON.stringify(await (await fetch(`${e2e.server.url}/sandbox/inbox/api/${lineUserId}`)).json())
  // Quiet hours from an hour ago to an hour from now, whatever the hour the test runs at.
  const now = Date.now()
  const start = tokyoTime(new Date(now - 3_600_000))
  const end = tokyoTime(new Date(now + 3_600_000))

  beforeAll(async () => {
    e2e = await startBrowserApp()
    await e2e.server.deps.db.run(sql`INSERT INTO settings (key, value)
      VALUES ('messaging', ${JSON.stringify({ quietHours: { start, end }, expiryWarningDays: 30 })})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    ;({ context, page } = await e2e.newDesktopPage())
    page.on('dialog', (dialog) => void dialog.accept())
  })
  afterAll(async () => {
    await context?.close()
    await e2e?.close()
  })

  it('says when it will go out and reaches no inbox before quiet hours end', async () => {
    await page.goto(`${e2e.server.url}/admin/campaigns/new?persona=admin`)
    await page.getByTestId('campaign-name').fill('夜のお知らせ')
    await page.getByTestId('campaign-text').fill('{name}さま、今週末のセールのお知らせです')
    await expect.poll(() => page.getByTestId('campaign-quiet').textContent()).toContain(end)
    await expect.poll(() => page.getByTestId('campaign-send').isEnabled()).toBe(true)
    await page.getByTestId('campaign-send').click()
    await page.getByTestId('campaign-report').waitFor()
    await e2e.server.settle()
    await e2e.server.jobs.tick()
    await expect.poll(() => page.getByTestId('campaign-held').textContent()).toContain(end)

    expect(await inbox(customer.lineUserId)).not.toContain('セールのお知らせ')
    const rows = await e2e.server.deps.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.kind, 'campaign'), eq(deliveries.lineUserId, customer.lineUserId)))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'pending', holdInQuietHours: true })
    expect(rows[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000)
    expect(JSON.stringify(rows[0]!.messages)).toContain('山田 花子さま')
    // Any inbox: no recipient's delivery of it has gone out.
    const sent = await e2e.server.deps.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.kind, 'campaign'), eq(deliveries.status, 'sent')))
    expect(sent).toEqual([])

    // The jobs as they run a minute before the window ends, and as it ends: held until then, sent then.
    const windowEnd = Math.floor((now + 3_600_000) / 60_000) * 60_000
    const jobsAt = (at: number) => runScheduledJobs({ ...e2e.server.deps, clock: () => new Date(at) }, new Date(at))
    await jobsAt(windowEnd - 60_000)
    expect(await inbox(customer.lineUserId)).not.toContain('セールのお知らせ')
    await jobsAt(windowEnd)
    expect(await inbox(customer.lineUserId)).toContain('山田 花子さま、今週末のセールのお知らせです')
  })

  it('refuses a schedule in the past, in words, and nothing reaches an inbox', async () => {
    await page.goto(`${e2e.server.url}/admin/campaigns/new?persona=admin`)
    await page.getByTestId('campaign-name').fill('昨日の配信')
    await page.getByTestId('campaign-text').fill('昨日のはずだったお知らせ')
    const yesterday = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(
      new Date(Date.now() - 86_400_000),
    )
    await page.getByTestId('campaign-schedule-day').fill(yesterday)
    await page.getByTestId('campaign-save').click()
    await expect.poll(() => page.getByTestId('campaign-error').textContent()).toContain('配信日時が過ぎています')
    await e2e.server.jobs.tick()
    expect(await inbox(customer.lineUserId)).not.toContain('昨日のはずだった')
  })
})
