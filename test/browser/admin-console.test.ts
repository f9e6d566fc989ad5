import { eq, sql } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staff, webhookEvents, webhookForwards } from '../../db/schema'
import { memberNumberFor } from '../../server/domain/member-number'
import { personaByKey } from '../../server/sandbox/personas'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'
import { serveOnLoopback } from '../support/serve'

const customer = personaByKey('customer')!

describe('admin console in Chromium', () => {
  let e2e: BrowserApp
  let context: BrowserContext
  let page: Page
  const inbox = async (lineUserId: string) =>
    JSON.stringify(await (await fetch(`${e2e.server.url}/sandbox/inbox/api/${lineUserId}`)).json())

  beforeAll(async () => {
    e2e = await startBrowserApp()
    ;({ context, page } = await e2e.newDesktopPage())
    page.on('dialog', (dialog) => void dialog.accept())
    // Messages go out whatever the hour the tests run at.
    await e2e.server.deps.db
      .run(sql`INSERT INTO settings (key, value) VALUES ('messaging', '{"quietHours":null,"expiryWarningDays":30}')
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
  })
  afterAll(async () => {
    await context?.close()
    await e2e?.close()
  })

  it('shows a manual adjustment in the member card and in the audit log', async () => {
    await page.goto(`${e2e.server.url}/admin/members/1?persona=admin`)
    await page.getByTestId('adjust-points').fill('120')
    await page.getByTestId('adjust-reason').fill('お詫びポイント')
    await page.getByTestId('adjust-submit').click()
    await expect.poll(() => page.getByTestId('member-balance').textContent()).toContain('1,820')

    const { context: phone, page: card } = await e2e.newPhonePage()
    await card.goto(`${e2e.server.url}/?persona=customer`)
    await expect.poll(() => card.getByTestId('card-balance').textContent()).toContain('1,820')
    await phone.close()

    await page.goto(`${e2e.server.url}/admin/audit?persona=admin`)
    await page.getByTestId('audit-target').fill(memberNumberFor(1))
    await page.getByTestId('audit-action').selectOption('points.adjusted')
    await page.getByRole('button', { name: /検索/ }).click()
    await expect
      .poll(() => page.getByTestId('audit-table').innerText())
      .toMatch(/管理者 田中 管理者 が 会員 \d{10} 山田 花子 のポイントを \+120 pt 調整（理由: お詫びポイント）/)
  })

  it('sends a campaign to Gold members only, and the report counts what was delivered', async () => {
    const db = e2e.server.deps.db
    const gold = [31, 32]
    for (const [id, rank] of [
      [31, 'gold'],
      [32, 'gold'],
      [33, 'silver'],
    ] as const) {
      await db.run(
        sql`INSERT INTO members (id, member_number, name, rank, marketing_opt_in, created_at) VALUES (${id}, ${memberNumberFor(id)}, ${`テスト ${id}`}, ${rank}, 1, 0)`,
      )
      await db.run(
        sql`INSERT INTO line_accounts (line_user_id, member_id, friend_status, rich_menu, created_at) VALUES (${`Ue2e${id}`}, ${id}, 'friend', 'member', 0)`,
      )
    }
    await page.goto(`${e2e.server.url}/admin/campaigns/new?persona=admin`)
    await page.getByTestId('campaign-name').fill('ゴールド会員さま限定セール')
    await page.getByTestId('seg-rank-gold').click()
    await expect.poll(() => page.getByTestId('segment-count').textContent()).toContain('配信可能 3人')
    await page.getByTestId('campaign-text').fill('ゴールド会員さま限定：今週末は全品20%OFF')
    await expect.poll(() => page.getByTestId('line-preview').textContent()).toContain('全品20%OFF')
    await page.getByTestId('campaign-send').click()
    await page.getByTestId('campaign-report').waitFor()
    await e2e.server.settle()
    await e2e.server.jobs.tick()
    await expect.poll(() => page.getByTestId('report-sent').textContent()).toContain('3')
    expect(await page.getByTestId('report-failed').textContent()).toContain('0')
    expect(await page.getByTestId('report-skipped').textContent()).toContain('0')

    for (const id of gold) expect(await inbox(`Ue2e${id}`)).toContain('全品20%OFF')
    expect(await inbox(customer.lineUserId)).toContain('全品20%OFF')
    expect(await inbox('Ue2e33')).not.toContain('全品20%OFF')
    expect(await inbox(personaByKey('newcomer')!.lineUserId)).not.toContain('全品20%OFF')
  })

  it('creates a reservation whose reminder reaches the customer’s sandbox inbox', async () => {
    await page.goto(`${e2e.server.url}/admin/bookings?persona=admin`)
    await page.getByTestId('res-member-query').fill(memberNumberFor(1))
    await page.getByTestId('res-member-query').press('Tab')
    await expect.poll(() => page.getByTestId('res-member').inputValue()).toBe('1')
    // Three hours ahead (store time): the 24 h reminder is due at once.
    const at = new Date(Date.now() + 3 * 3_600_000)
    const tokyo = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at)
    await page.getByTestId('res-date').fill(tokyo.slice(0, 10))
    await page.getByTestId('res-time').fill(tokyo.slice(11, 16))
    await page.getByTestId('res-menu').fill('E2Eカット')
    await page.getByTestId('res-create').click()
    await expect.poll(() => page.locator('body').textContent()).toContain('予約を作成しました')
    await e2e.server.jobs.tick()
    await expect.poll(() => inbox(customer.lineUserId)).toContain('E2Eカット')
    await page.reload()
    await expect.poll(() => page.locator('body').textContent()).toMatch(/E2Eカット[\s\S]*送信済み/)
  })

  it('invites a manager with a QR code that, scanned and opened in LINE, makes the newcomer staff', async () => {
    await page.goto(`${e2e.server.url}/admin/stores?persona=admin`)
    await page.getByTestId('invite-role').selectOption('manager')
    await page.getByTestId('invite-create').click()
    const qr = page.getByTestId('staff-invite-qr')
    await qr.waitFor()
    const url = decodeQrFromPng(await qr.screenshot())
    expect(url).toBe(await page.getByTestId('invite-url').inputValue())
    expect(url).toMatch(/\/staff\/join\?code=/)

    const newcomer = personaByKey('newcomer')!
    const phone = await e2e.newPhonePage()
    await phone.page.goto(`${url}&persona=newcomer`)
    await phone.page.getByTestId('staff-join').locator('button[type=submit]').click()
    await phone.page.getByTestId('staff-join-done').waitFor()
    const joined = await e2e.server.deps.db.query.staff.findFirst({ where: eq(staff.lineUserId, newcomer.lineUserId) })
    expect(joined).toMatchObject({ role: 'manager', active: true })
    await phone.context.close()
  })

  it('lists a dead webhook event and hands it back to the processor with the retry button', async () => {
    const db = e2e.server.deps.db
    const userId = 'U7000000000000000000000000000d001'
    const event = {
      type: 'follow',
      mode: 'active',
      timestamp: Date.now(),
      webhookEventId: '01BROWSERDEADEVENT0000001',
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId },
      follow: { isUnblocked: false },
    }
    const bot = await e2e.server.deps.line.botUserId()
    await db.insert(webhookEvents).values({
      webhookEventId: event.webhookEventId,
      type: 'follow',
      destination: bot,
      event,
      status: 'dead',
      attempts: 8,
      lastError: 'LINE 500: {"message":"Internal server error"}',
      receivedAt: new Date(),
    })
    await page.goto(`${e2e.server.url}/admin/webhooks?persona=admin`)
    const table = page.getByTestId('webhook-table')
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('Internal server error')
    expect(await table.textContent()).toContain(userId)
    await page.getByTestId('webhook-retry').click()
    await page.getByText('再試行を受け付けました').waitFor({ timeout: 10_000 })
    await expect
      .poll(
        async () =>
          (await db.query.webhookEvents.findFirst({ where: eq(webhookEvents.webhookEventId, event.webhookEventId) }))
            ?.status,
        { timeout: 10_000 },
      )
      .toBe('done')
  })

  it('edits the forward URLs, shows a failed forward in Japanese only, and sends it again', async () => {
    const received: string[] = []
    const bot = await serveOnLoopback(async (req) => {
      received.push(await req.text())
      return new Response('{}')
    })
    try {
      await page.goto(`${e2e.server.url}/admin/webhooks?persona=admin`)
      const panel = page.getByTestId('webhook-forwarding')
      await panel.getByText('転送先はありません').waitFor({ timeout: 10_000 })
      await page.getByTestId('forward-urls').fill('ftp://bot.example.jp/hook')
      await page.getByTestId('forward-save').click()
      await expect
        .poll(() => page.getByTestId('forward-error').textContent(), { timeout: 10_000 })
        .toContain('http(s) の URL ではありません: ftp://bot.example.jp/hook')
      await page.getByTestId('forward-urls').fill(`${bot.url}/hook`)
      await page.getByTestId('forward-save').click()
      await panel.getByText('転送先を保存しました').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('forward-targets').textContent()).toContain(`${bot.url}/hook`)

      const body = '{"destination":"U0","events":[]}'
      await e2e.server.deps.db.insert(webhookForwards).values({
        id: '00000000-0000-4000-8000-00000000f0f1',
        target: `${bot.url}/hook`,
        eventIds: '01BROWSERFORWARD000000001',
        eventTypes: 'message',
        eventAt: new Date(),
        body: Buffer.from(body).toString('base64'),
        signature: 'sig',
        status: 'failed',
        attempts: 6,
        nextAttemptAt: new Date(),
        lastStatus: 503,
        lastError: 'HTTP 503',
        receivedAt: new Date(),
      })
      await page.reload()
      const failures = page.getByTestId('forward-failures')
      await expect.poll(() => failures.textContent(), { timeout: 10_000 }).toContain('HTTP 503')
      expect(await panel.textContent()).not.toMatch(/Webhook forwarding|Failed forwards|Send again/)
      await page.getByTestId('forward-retry').click()
      await panel.getByText('再送を受け付けました').waitFor({ timeout: 10_000 })
      await expect.poll(() => received, { timeout: 10_000 }).toEqual([body])
    } finally {
      await bot.close()
    }
  })

  it('keeps customers out of the console', async () => {
    const { context: phone, page: other } = await e2e.newPhonePage()
    await other.goto(`${e2e.server.url}/admin?persona=customer`)
    await other.getByTestId('admin-denied').waitFor()
    await phone.close()
  })
})
