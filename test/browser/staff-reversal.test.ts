import { describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { browserAppPerSuite } from '../support/browser-app'

type Flex = { type: string; altText: string }

describe('staff reversal after partial use in Chromium', () => {
  const e2e = browserAppPerSuite()

  async function lookUp(page: import('playwright-core').Page, number: string) {
    await page.getByTestId('staff-code-input').fill(number)
    await page.getByTestId('staff-lookup').click()
    await page.getByTestId('staff-member').waitFor({ timeout: 15_000 })
  }

  it('lists date, kind and who, and reversing an earn whose points were mostly used shows the shortfall to settle and tells the customer', async () => {
    // The clerk awards 100 pt for ¥5,000 (gold: 2 pt per ¥100).
    const clerk = await e2e.newPhonePage()
    await clerk.page.goto(`${e2e.server.url}/staff?persona=staff`)
    await lookUp(clerk.page, '0000000018')
    await clerk.page.getByTestId('earn-amount').fill('5000')
    await clerk.page.getByTestId('earn-submit').click()
    await expect.poll(() => clerk.page.getByTestId('checkout-result').textContent()).toContain('1,800')

    // The customer then uses all but 20 pt (an admin may redeem without the card).
    const admin = await e2e.newPhonePage()
    await admin.page.goto(`${e2e.server.url}/staff?persona=admin`)
    await lookUp(admin.page, '0000000018')
    await admin.page.getByTestId('redeem-points').fill('1780')
    await admin.page.getByTestId('redeem-submit').click()
    await expect.poll(() => admin.page.getByTestId('checkout-result').textContent()).toContain('20')

    const earnRow = admin.page.locator('[data-testid="staff-transactions"] li[data-kind="earn"]').first()
    await earnRow.waitFor()
    const rowText = (await earnRow.textContent())!
    expect(rowText).toMatch(/\d{1,2}月\d{1,2}日\([日月火水木金土]\) \d{2}:\d{2}/)
    expect(rowText).toContain('獲得')
    expect(rowText).toContain('+100 pt')
    expect(rowText).toContain('山田 花子')
    expect(rowText).toContain(personaByKey('staff')!.displayName)

    // Returned: the admin reverses the earn; 20 pt come back, 80 pt are to be settled off the refund.
    await earnRow.getByTestId('tx-reverse').click()
    await earnRow.getByTestId('tx-reverse-reason').fill('ご返品')
    await earnRow.getByTestId('tx-reverse-submit').click()
    const shortfall = admin.page.getByTestId('tx-reverse-shortfall')
    await shortfall.waitFor()
    expect(await shortfall.textContent()).toContain(
      'ご利用済みの 80 pt は取り消せません。80円をご返金額から差し引いてください',
    )
    expect(await admin.page.getByTestId('tx-reverse-done').textContent()).toContain('20 pt を取り消しました')
    expect(await shortfall.isVisible()).toBe(true)
    // Scrolled into view (smoothly: it may still be moving when the text arrives).
    await expect
      .poll(async () => {
        const box = (await shortfall.boundingBox())!
        return box.y + box.height <= admin.page.viewportSize()!.height
      })
      .toBe(true)

    const reversalRow = admin.page.locator('[data-testid="staff-transactions"] li[data-kind="reverse"]').first()
    await reversalRow.waitFor()
    expect(await reversalRow.textContent()).toContain('取消')
    expect(await reversalRow.textContent()).toContain('−20 pt')
    expect(await reversalRow.textContent()).toContain('精算 80 pt')
    expect(await reversalRow.textContent()).toContain(personaByKey('admin')!.displayName)

    await e2e.server.jobs.tick()
    const lineUserId = personaByKey('customer')!.lineUserId
    const receipts = async () =>
      ((await (await fetch(`${e2e.server.url}/sandbox/inbox/api/${lineUserId}`)).json()) as { message: Flex }[])
        .map((m) => m.message)
        .filter((m) => m.type === 'flex')
    // The customer's receipt of the return: 20 pt taken back, nothing left, 80 pt settled off the refund, in words.
    await expect
      .poll(async () => (await receipts()).map((m) => m.altText))
      .toContain('お取引を取り消しました（−20 pt、保有 0 pt、精算 80 pt）')
    const receipt = JSON.stringify((await receipts()).find((m) => m.altText.startsWith('お取引を取り消しました')))
    expect(receipt).toContain('ご利用済みの 80 pt は取り消せないため、¥80 をご返金額から差し引いて精算します')
    expect(receipt).toContain('80 pt（¥80）')
    await Promise.all([clerk.context.close(), admin.context.close()])
  })
})
