import { describe, expect, it } from 'vitest'
import { earnPoints } from '../../server/usecases/earn'
import { browserAppPerSuite } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'
import { staffCashier } from '../../server/data/cashier'
import { seededClerk } from '../support/staff'

/** Where to write the screenshots a person looks at (not checked by the test); unset, none are taken. */
const shots = process.env.SANDBOX_SCREENSHOTS

describe('coupons in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('an admin defines a reward, the customer buys it with points and shows its QR, and staff redeem it once', async () => {
    const admin = await e2e.newPhonePage()
    await admin.page.goto(`${e2e.server.url}/admin/coupons?persona=admin`)
    await admin.page.getByTestId('coupon-add').click()
    await admin.page.getByTestId('coupon-title').fill('ケーキ200円引き')
    await admin.page.getByTestId('coupon-value').fill('200')
    await admin.page.getByLabel('ポイント交換の必要ポイント').fill('300')
    await admin.page.getByTestId('coupon-save').click()
    await expect.poll(() => admin.page.getByTestId('coupon-row').first().textContent()).toContain('ケーキ200円引き')

    const customer = await e2e.newPhonePage()
    await customer.page.goto(`${e2e.server.url}/coupons?persona=customer`)
    await customer.page.getByTestId('coupon-tab-rewards').click()
    await expect.poll(() => customer.page.getByTestId('coupon-balance').textContent()).toContain('1,700')
    await customer.page.getByTestId('reward-exchange').click()
    await customer.page.getByTestId('reward-confirm').click()
    await expect.poll(() => customer.page.getByTestId('coupon-notice').textContent()).toContain('ケーキ200円引き')
    expect(await customer.page.getByTestId('coupon-notice').textContent()).not.toContain('You got') // one language
    await customer.page.getByTestId('coupon-show').click()
    const qr = customer.page.getByTestId('card-qr')
    await qr.waitFor()
    const token = decodeQrFromPng(await qr.screenshot())
    expect(token).toMatch(/^c\./)

    const staff = await e2e.newPhonePage()
    await staff.page.goto(`${e2e.server.url}/staff?persona=staff`)
    await staff.page.getByTestId('staff-code-input').fill(token!)
    await staff.page.getByTestId('staff-lookup').click()
    await expect.poll(() => staff.page.getByTestId('staff-coupon-title').textContent()).toContain('ケーキ200円引き')
    expect(await staff.page.getByTestId('staff-coupon-benefit').textContent()).toContain('200円引き')
    await staff.page.getByTestId('staff-coupon-use').click()
    await staff.page.getByTestId('staff-coupon-done').waitFor()
    await staff.page.getByTestId('staff-coupon-next').click()
    await staff.page.getByTestId('staff-code-input').fill(token!)
    await staff.page.getByTestId('staff-lookup').click()
    await expect.poll(() => staff.page.getByTestId('staff-coupon-problem').textContent()).toContain('使用済み')

    await customer.page.getByTestId('coupon-close').click()
    await customer.page.getByTestId('coupon-tab-past').click()
    await expect.poll(() => customer.page.getByTestId('coupon-item').first().getAttribute('data-state')).toBe('used')

    // Used by mistake: the clerk cannot reverse it; a manager or admin reverses it at the till after a confirm step.
    await staff.page.getByTestId('staff-coupon-next').click()
    await expect
      .poll(() => staff.page.getByTestId('coupon-redemption').first().textContent())
      .toContain('ケーキ200円引き')
    expect(await staff.page.getByTestId('coupon-reverse').count()).toBe(0)
    const manager = await e2e.newPhonePage()
    await manager.page.goto(`${e2e.server.url}/staff?persona=admin`)
    const row = manager.page.getByTestId('coupon-redemption').first()
    await expect.poll(() => row.textContent()).toContain('ケーキ200円引き')
    await row.getByTestId('coupon-reverse').click()
    await row.getByTestId('coupon-reverse-reason').fill('誤って使用')
    await row.getByTestId('coupon-reverse-next').click()
    expect(await row.textContent()).toContain('再び使える状態に戻ります')
    await row.getByTestId('coupon-reverse-confirm').click()
    await expect.poll(() => row.getByTestId('coupon-reverse-done').textContent()).toContain('取り消しました')
    expect(await row.textContent()).toContain('取り消し済み')
    expect(await manager.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    if (shots) await manager.page.screenshot({ path: `${shots}/staff-coupon-reversed-360.png`, fullPage: true })

    await customer.page.reload()
    await customer.page.getByTestId('coupon-tab-valid').click()
    const item = customer.page.getByTestId('coupon-item').filter({ hasText: 'ケーキ200円引き' })
    await expect.poll(() => item.getAttribute('data-state')).toBe('issued')
    expect(await item.getByTestId('coupon-show').isVisible()).toBe(true)
    await Promise.all([admin.context.close(), customer.context.close(), staff.context.close(), manager.context.close()])
  })
  it('a member on a 360 px phone taps 「クーポン」 under the card, sees the coupons page and goes back to the card', async () => {
    const { context, page } = await e2e.openCard('customer')
    const link = page.getByRole('link', { name: 'クーポン' })
    expect(await link.getAttribute('href')).toBe('/coupons')
    const box = (await link.boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(44) // a thumb-sized target
    expect(box.x + box.width).toBeLessThanOrEqual(360)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    if (shots) await page.screenshot({ path: `${shots}/card-coupons-link-360.png`, fullPage: true })

    await link.click()
    await page.getByTestId('coupons-page').waitFor()
    expect(new URL(page.url()).pathname).toBe('/coupons')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('クーポン')
    await page.getByTestId('coupon-tab-valid').waitFor()

    await page.goBack()
    await page.getByTestId('card-qr').waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await page.getByTestId('card-member-number').textContent()).toContain('0000000018')
    expect(await page.getByTestId('go-coupons').isVisible()).toBe(true)
    await context.close()
  })

  it('an admin turns on the stamp card on a 360 px phone; a visit stamps it and the member sees 1 / 3 in ja and en', async () => {
    const admin = await e2e.newPhonePage()
    await admin.page.goto(`${e2e.server.url}/admin/coupons?persona=admin`)
    await admin.page.getByTestId('coupon-add').click()
    await admin.page.getByTestId('coupon-title').fill('スタンプ特典ドリンク')
    await admin.page.getByTestId('coupon-value').fill('300')
    await admin.page.getByTestId('coupon-save').click()
    await expect
      .poll(() => admin.page.getByTestId('coupon-row').allTextContents())
      .toContainEqual(expect.stringContaining('スタンプ特典ドリンク'))
    const settings = admin.page.getByTestId('stamp-card-settings')
    expect(await settings.textContent()).toContain('スタンプカード')
    await settings.getByTestId('stamp-enabled').check()
    await settings.getByTestId('stamp-per-card').fill('3')
    await settings.getByTestId('stamp-reward').selectOption({ label: 'スタンプ特典ドリンク' })
    await settings.getByTestId('stamp-save').click()
    await expect.poll(() => settings.getByTestId('stamp-notice').textContent()).toContain('保存しました')
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    const deps = e2e.server.deps
    const clerk = await seededClerk(deps.db)
    const visit = await earnPoints(deps, {
      memberNumber: '0000000018',
      cashier: staffCashier(clerk),
      storeId: clerk.storeId,
      purchaseAmount: 800,
      idempotencyKey: 'stamp-visit-1',
    })
    expect(visit).toMatchObject({ ok: true })

    const ja = await e2e.newPhonePage()
    await ja.page.goto(`${e2e.server.url}/coupons?persona=customer`)
    const card = ja.page.getByTestId('stamp-card')
    await expect.poll(() => card.getAttribute('data-stamps')).toBe('1')
    expect(await card.getByTestId('stamp-count').textContent()).toContain('1 / 3 個')
    expect(await card.textContent()).toContain('スタンプ特典ドリンク')
    expect(await card.textContent()).not.toMatch(/stamps|Collect/)
    expect(await ja.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    if (shots) await ja.page.screenshot({ path: `${shots}/stamp-card-360.png`, fullPage: true })

    const en = await e2e.newPhonePage({ locale: 'en-US' })
    await en.page.goto(`${e2e.server.url}/coupons?persona=customer`)
    const enCard = en.page.getByTestId('stamp-card')
    await expect.poll(() => enCard.getByTestId('stamp-count').textContent()).toContain('1 / 3 stamps')
    expect(await enCard.textContent()).toContain('Stamp card')
    expect(await enCard.textContent()).not.toContain('個')
    await Promise.all([admin.context.close(), ja.context.close(), en.context.close()])
  })
})
