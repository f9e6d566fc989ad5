import { describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { browserAppPerSuite } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'

describe('staff checkout in Chromium', () => {
  const e2e = browserAppPerSuite()

  it("awards points for ¥3,240 from the customer's scanned QR; the card and the LINE inbox show the new balance", async () => {
    const customer = await e2e.newPhonePage()
    await customer.page.goto(`${e2e.server.url}/?persona=customer`)
    const qr = customer.page.getByTestId('card-qr')
    await qr.waitFor()
    await expect.poll(() => customer.page.getByTestId('card-balance').textContent()).toContain('1,700')
    const token = decodeQrFromPng(await qr.screenshot())
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    const staff = await e2e.newPhonePage()
    await staff.page.goto(`${e2e.server.url}/staff?persona=staff`)
    await staff.page.getByTestId('staff-code-input').fill(token!)
    await staff.page.getByTestId('staff-lookup').click()
    await staff.page.getByTestId('staff-member').waitFor()
    expect(await staff.page.getByTestId('staff-member-balance').textContent()).toContain('1,700')
    await staff.page.getByTestId('earn-amount').fill('3240')
    await expect.poll(() => staff.page.getByTestId('earn-preview').textContent()).toContain('64')
    await staff.page.getByTestId('earn-submit').click()
    const done = staff.page.getByTestId('checkout-result')
    await done.waitFor()
    expect(await done.textContent()).toContain('1,764')
    // Ready for the next customer: the code field is back, and the same code cannot be used again.
    await staff.page.getByTestId('staff-code-input').fill(token!)
    await staff.page.getByTestId('staff-lookup').click()
    await expect.poll(() => staff.page.getByTestId('checkout-problem').getAttribute('data-code')).toBe('card_used')

    await customer.page.reload()
    await expect.poll(() => customer.page.getByTestId('card-balance').textContent()).toContain('1,764')

    await e2e.server.jobs.tick()
    const lineUserId = personaByKey('customer')!.lineUserId
    await expect
      .poll(async () => JSON.stringify(await (await fetch(`${e2e.server.url}/sandbox/inbox/api/${lineUserId}`)).json()))
      .toContain('1,764 pt')
    await Promise.all([customer.context.close(), staff.context.close()])
  })

  it("refuses a redeem by typed number without the card, then takes a manager's approval code", async () => {
    const staff = await e2e.newPhonePage()
    await staff.page.goto(`${e2e.server.url}/staff?persona=staff`)
    await staff.page.getByTestId('staff-code-input').fill('0000000018')
    await staff.page.getByTestId('staff-lookup').click()
    await staff.page.getByTestId('staff-member').waitFor({ timeout: 15_000 })
    await staff.page.getByTestId('redeem-points').fill('100')
    await staff.page.getByTestId('redeem-submit').click()
    const problem = staff.page.getByTestId('checkout-problem')
    await expect.poll(() => problem.getAttribute('data-code')).toBe('card_required')
    expect(await problem.textContent()).toContain('店長の承認コード')
    expect(await problem.textContent()).not.toContain('approval code') // one language at a time
    // The refusal is tied to the field it asks for, which has the focus.
    const approvalInput = staff.page.getByTestId('redeem-approval-code')
    expect(await approvalInput.getAttribute('aria-invalid')).toBe('true')
    expect(await approvalInput.getAttribute('aria-describedby')).toBe('checkout-problem')
    await expect.poll(() => staff.page.evaluate(() => document.activeElement?.id)).toBe('checkout-approval')

    const manager = await e2e.newPhonePage()
    await manager.page.goto(`${e2e.server.url}/staff?persona=admin`)
    await manager.page.getByTestId('approve-redeem').locator('summary').click()
    await manager.page.getByTestId('approve-member').fill('0000000018')
    await manager.page.getByTestId('approve-points').fill('100')
    await manager.page.getByTestId('approve-redeem').locator('button[type=submit]').click()
    const code = manager.page.getByTestId('approval-code')
    await code.waitFor({ timeout: 15_000 })
    const value = (await code.textContent())!.trim()
    expect(value).toMatch(/^\d{6}$/)

    await staff.page.getByTestId('redeem-approval-code').fill(value)
    await staff.page.getByTestId('redeem-submit').click()
    const done = staff.page.getByTestId('checkout-result')
    await done.waitFor({ timeout: 15_000 })
    expect(await done.getAttribute('data-kind')).toBe('redeem')
    await Promise.all([staff.context.close(), manager.context.close()])
  })
})
