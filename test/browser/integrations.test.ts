import { describe, expect, it } from 'vitest'
import { code128 } from '../../liff-app/src/card/barcode'
import { memberNumberFor } from '../../server/domain/member-number'
import { browserAppPerSuite } from '../support/browser-app'

describe('integrations and the member barcode in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('an admin creates a POS key with its scopes and limit, shown once, and the POS uses it', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/admin/integrations?persona=admin`)
    expect(await page.getByTestId('openapi-link').getAttribute('href')).toBe('/api/openapi.json')
    await page.getByTestId('api-key-name').fill('渋谷店 POSレジ1')
    await page.locator('label', { has: page.getByTestId('api-scope-tags') }).click() // a chip: its box is hidden
    await page.getByTestId('api-key-tier').selectOption('high')
    await page.getByTestId('api-key-create').click()
    const key = (await page.getByTestId('api-key-value').textContent())!.trim()
    expect(key).toMatch(/^tsk_/)
    const row = page.getByTestId('api-key-table').locator('tr', { hasText: '渋谷店 POSレジ1' })
    await expect.poll(() => row.textContent()).toContain('1,200回/分')
    expect(await row.textContent()).toContain('ポイント付与・利用（POS）')
    expect(await row.textContent()).toContain('会員タグ・属性')
    expect(await row.textContent()).not.toContain(key) // only the prefix stays

    const lookup = await fetch(`${e2e.server.url}/api/integration/purchases/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ memberNumber: memberNumberFor(1) }),
    })
    expect(lookup.status).toBe(200)
    const coupons = await fetch(`${e2e.server.url}/api/integration/members/${memberNumberFor(1)}/coupons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ couponId: 1, idempotencyKey: 'not-granted-1' }),
    })
    expect((await coupons.json()).error.code).toBe('api_key_scope_missing')
    await context.close()
  })

  it('shows no barcode until the shop turns it on, then a Code 128 of the member number under the QR', async () => {
    const customer = await e2e.newPhonePage()
    const chunks: string[] = []
    customer.page.on('request', (r) => chunks.push(r.url()))
    await customer.page.goto(`${e2e.server.url}/?persona=customer`)
    await customer.page.getByTestId('card-qr').waitFor()
    expect(await customer.page.getByTestId('card-barcode').count()).toBe(0)
    expect(chunks.filter((u) => /barcode/i.test(u))).toEqual([])

    const admin = await e2e.newPhonePage()
    await admin.page.goto(`${e2e.server.url}/admin/integrations?persona=admin`)
    expect(await admin.page.getByTestId('barcode-trade-off').textContent()).toContain('スクリーンショット')
    await admin.page.getByTestId('barcode-code128').check()
    await admin.page.getByTestId('barcode-save').click()
    await admin.page.getByRole('status').filter({ hasText: '保存しました' }).waitFor()

    // Settings are kept by the server for a few seconds: reload until the card carries the barcode.
    const barcode = customer.page.getByTestId('card-barcode')
    await expect
      .poll(
        async () => {
          await customer.page.reload()
          await customer.page.getByTestId('card-qr').waitFor()
          return barcode.count()
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(1)
    const number = memberNumberFor(1)
    expect(await barcode.getAttribute('data-text')).toBe(number)
    expect(await barcode.locator('figcaption').textContent()).toBe(number)
    // One rect per bar: half of the widths, bar first.
    expect(await barcode.locator('rect').count()).toBe(Math.ceil(code128(number).length / 2))
    expect(chunks.some((u) => /barcode/i.test(u))).toBe(true)
  })
})
