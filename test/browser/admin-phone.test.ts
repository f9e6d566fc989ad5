import { sql } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { adminPages as pages, openAdminPage } from '../support/admin-pages'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

/** Internal values that must never reach the console's visible text. */
const raw = /\b(?:staff|admin|member):\d|line:U|\bgold\b|\bsilver\b|\bregular\b/

describe('admin console on a 360 px phone', () => {
  let e2e: BrowserApp
  let context: BrowserContext
  let page: Page

  const open = (path: string) => openAdminPage(page, e2e.server.url, path)

  beforeAll(async () => {
    e2e = await startBrowserApp()
    ;({ context, page } = await e2e.newPhonePage())
    page.on('dialog', (dialog) => void dialog.accept())
    const db = e2e.server.deps.db
    const [clerk] = await db.all<{ id: number }>(sql`SELECT id FROM staff WHERE role = 'staff' LIMIT 1`)
    const customer = personaByKey('customer')!
    const at = Date.now()
    // A till earn by staff and a consent by the customer: entries whose raw actors are `staff:N` and `line:U…`.
    await db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at) VALUES
      (${`staff:${clerk!.id}`}, 'checkout.earn', 'member:1', '{"points":22,"purchaseAmount":1100,"balance":1722}', ${at}),
      (${`line:${customer.lineUserId}`}, 'member.consent', 'member:1', '{"termsVersion":1}', ${at})`)
  })
  afterAll(async () => {
    await context?.close()
    await e2e?.close()
  })

  it('shows every admin page without horizontal scrolling and without internal values', async () => {
    const seen = []
    for (const path of pages) {
      await open(path)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      const text = await page.locator('body').innerText()
      seen.push({ path, width: width <= 360 ? 'fits' : width, raw: text.match(raw)?.[0] ?? null })
    }
    expect(seen).toEqual(pages.map((path) => ({ path, width: 'fits', raw: null })))
  })

  it('says in the audit log who adjusted whose points by how much and why', async () => {
    await open('/admin/members/1')
    await page.getByTestId('adjust-points').fill('120')
    await page.getByTestId('adjust-reason').fill('お誕生日')
    await page.getByTestId('adjust-submit').click()
    await expect.poll(() => page.getByTestId('member-balance').textContent()).not.toBe('')
    await open('/admin/audit')
    await page.getByTestId('audit-action').selectOption('points.adjusted')
    await page.getByRole('button', { name: '検索' }).click()
    await expect
      .poll(() => page.getByTestId('audit-table').innerText())
      .toMatch(/管理者 田中 管理者 が 会員 \d{10} 山田 花子 のポイントを \+120 pt 調整（理由: お誕生日）/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  })

  it('names staff and customers in the audit log, and keeps the raw detail behind 詳細', async () => {
    await open('/admin/audit')
    const list = page.getByTestId('audit-table')
    await expect.poll(() => list.innerText()).toMatch(/スタッフ 鈴木 店員 が 会員 \d{10} 山田 花子 に 22 pt 付与/)
    await expect.poll(() => list.innerText()).toMatch(/お客さま \d{10} 山田 花子 が規約とプライバシーポリシーに同意/)
    expect(await list.innerText()).not.toContain('purchaseAmount')
    await list.locator('[data-action="checkout.earn"] summary').first().click()
    expect(await list.innerText()).toContain('"purchaseAmount": 1100')
  })
})
