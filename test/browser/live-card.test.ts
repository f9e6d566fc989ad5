import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { browserAppPerSuite } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'

/** How soon an open card must show a change: the promise to the customer at the till. */
const LIVE_MS = 2_000

describe('the live member card in Chromium', () => {
  const e2e = browserAppPerSuite()

  async function sessionOf(persona: string): Promise<string> {
    const lineUserId = personaByKey(persona)!.lineUserId
    const issued = await fetch(`${e2e.server.url}/sandbox/login/id-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lineUserId }),
    })
    const { idToken } = (await issued.json()) as { idToken: string }
    const session = await fetch(`${e2e.server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken }),
    })
    return ((await session.json()) as { token: string }).token
  }

  async function post(path: string, session: string, body: unknown) {
    const res = await fetch(`${e2e.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
      body: JSON.stringify(body),
    })
    expect(res.status, path).toBe(200)
    return res.json() as Promise<{ entry: { id: number } }>
  }

  const qrOf = async (page: Page) => decodeQrFromPng(await page.getByTestId('card-qr').screenshot())
  const changeShown = (page: Page, text: string) =>
    page.getByTestId('card-change').filter({ hasText: text }).waitFor({ timeout: LIVE_MS })

  it('shows a staff checkout on the open card within 2 s: the notice, the new balance and history line, a fresh QR', async () => {
    const customer = await e2e.openCard('customer')
    await expect.poll(() => customer.page.getByTestId('card-balance').textContent()).toContain('1,700')
    await customer.page.getByTestId('card-history').waitFor()
    const used = await qrOf(customer.page)
    expect(used).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    const staff = await e2e.newPhonePage()
    await staff.page.goto(`${e2e.server.url}/staff?persona=staff`)
    await staff.page.getByTestId('staff-code-input').fill(used!)
    await staff.page.getByTestId('staff-lookup').click()
    await staff.page.getByTestId('staff-member').waitFor()
    await staff.page.getByTestId('earn-amount').fill('3240')
    await expect.poll(() => staff.page.getByTestId('earn-preview').textContent()).toContain('64')
    await staff.page.getByTestId('earn-submit').click()
    await staff.page.getByTestId('checkout-result').waitFor()

    await changeShown(customer.page, '+64 pt 獲得しました')
    expect(await customer.page.getByTestId('card-balance').textContent()).toContain('1,764')
    expect(await customer.page.getByTestId('card-history').locator('li').first().textContent()).toContain('+64')
    const fresh = await qrOf(customer.page)
    expect(fresh).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(fresh).not.toBe(used)
    // One language at a time: the Japanese page says nothing in English about the change.
    expect(await customer.page.getByTestId('card-change').textContent()).not.toContain('earned')
    await Promise.all([customer.context.close(), staff.context.close()])
  })

  it('shows a reversal and an admin adjustment on the open card within 2 s, and refreshes when shown again', async () => {
    const customer = await e2e.openCard('customer')
    await customer.page.getByTestId('card-history').waitFor()
    const balance = Number((await customer.page.getByTestId('card-balance').textContent())!.replace(/\D/g, ''))
    const admin = await sessionOf('admin')

    const earned = await post('/api/staff/checkout/earn', admin, {
      memberNumber: '0000000018',
      purchaseAmount: 1000,
      idempotencyKey: crypto.randomUUID(),
    })
    await changeShown(customer.page, '+20 pt 獲得しました')
    await post(`/api/staff/transactions/${earned.entry.id}/reverse`, admin, {
      reason: '打ち間違い',
      idempotencyKey: crypto.randomUUID(),
    })
    await changeShown(customer.page, '取引が取り消されました（−20 pt）')
    expect(await customer.page.getByTestId('card-balance').textContent()).toContain(balance.toLocaleString('en'))

    await post('/api/admin/members/1/adjust', admin, {
      points: 120,
      reason: 'お詫び',
      idempotencyKey: crypto.randomUUID(),
    })
    await changeShown(customer.page, 'ポイントが調整されました（+120 pt）')
    expect(await customer.page.getByTestId('card-balance').textContent()).toContain(
      (balance + 120).toLocaleString('en'),
    )

    // Hidden (another app in front), the card stops asking; shown again, it asks at once and shows what changed.
    const setVisibility = (state: 'hidden' | 'visible') =>
      customer.page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { value, configurable: true })
        document.dispatchEvent(new Event('visibilitychange'))
      }, state)
    await setVisibility('hidden')
    await post('/api/admin/members/1/adjust', admin, {
      points: 30,
      reason: 'お詫び',
      idempotencyKey: crypto.randomUUID(),
    })
    await setVisibility('visible')
    await changeShown(customer.page, 'ポイントが調整されました（+30 pt）')
    expect(await customer.page.getByTestId('card-balance').textContent()).toContain(
      (balance + 150).toLocaleString('en'),
    )
    await customer.context.close()
  })

  it('comes back after dropped polls, backing off rather than retrying at once, and shows the checkout made meanwhile', async () => {
    const customer = await e2e.newPhonePage()
    const starts: number[] = []
    let drops = 3
    await customer.page.route('**/api/card/changes?*', async (route) => {
      starts.push(Date.now())
      if (drops-- > 0) await route.abort('connectionreset')
      else await route.continue()
    })
    await customer.page.goto(`${e2e.server.url}/?persona=customer`)
    await customer.page.getByTestId('card-qr').waitFor()
    const admin = await sessionOf('admin')
    await expect.poll(() => starts.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
    await post('/api/staff/checkout/earn', admin, {
      memberNumber: '0000000018',
      purchaseAmount: 500,
      idempotencyKey: crypto.randomUUID(),
    })
    await customer.page
      .getByTestId('card-change')
      .filter({ hasText: '+10 pt 獲得しました' })
      .waitFor({ timeout: 15_000 })
    expect(starts.length).toBeGreaterThanOrEqual(4)
    // Backoff, not a storm: after each dropped poll the next one starts a second or more later in the page (seen here,
    // in the test process, with some skew: at least half of it).
    for (let i = 1; i < 4; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(500)
    await customer.context.close()
  })
})
