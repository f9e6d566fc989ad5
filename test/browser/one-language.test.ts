import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { adminPages, openAdminPage } from '../support/admin-pages'
import { browserAppPerSuite } from '../support/browser-app'

/** Words allowed on a Japanese screen: brand names, units and the English switch's own name. */
const ALLOWED = new Set(['LINE', 'QR', 'pt', 'ID', 'PIN', 'JSON', 'English', 'Tsunagu'])

/**
 * On the console, also the technical names Japanese consoles use as they are (LINE's own says "Webhook URL"), and the
 * data the shop typed or the syntax it types (store codes and phone numbers in `.mono`, placeholders in `<code>`),
 * which are hidden before reading.
 */
const CONSOLE_ALLOWED = new Set([
  ...ALLOWED,
  'Webhook',
  'URL',
  'CSV',
  'API',
  'UTF',
  'BOM',
  'Shift',
  'JIS',
  'https',
  'POS',
  'JAN',
])

/** ASCII words of 3+ letters in the app's text (the sandbox strip above it aside), other than the allowed ones. */
async function englishWords(page: Page, allowed = ALLOWED): Promise<string[]> {
  if (allowed === CONSOLE_ALLOWED) await page.addStyleTag({ content: 'code, .mono { display: none !important }' })
  const text = await page.locator('#app').innerText()
  return [...text.matchAll(/[A-Za-z]{3,}/g)].map(([w]) => w).filter((w) => !allowed.has(w))
}

describe('one language at a time, in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('shows a Japanese phone no English on the card, settings, register, link and staff pages', async () => {
    const { context, page } = await e2e.openCard('customer')
    expect(await page.locator('html').getAttribute('lang')).toBe('ja')
    expect(await englishWords(page)).toEqual([])
    await page.getByTestId('go-settings').click()
    await page.getByTestId('language-switch').waitFor()
    expect(await englishWords(page)).toEqual([])

    await page.goto(`${e2e.server.url}/register?persona=newcomer`)
    await page.getByTestId('register-submit').click()
    await page.getByTestId('agreed-error').waitFor()
    expect(await englishWords(page)).toEqual([])
    await page.goto(`${e2e.server.url}/link?persona=newcomer`)
    await page.getByTestId('link-submit').click()
    await page.getByTestId('memberNumber-error').waitFor()
    expect(await englishWords(page)).toEqual([])

    await page.goto(`${e2e.server.url}/staff?persona=staff`)
    await page.getByTestId('staff-lookup').waitFor()
    expect(await englishWords(page)).toEqual([])
    await page.goto(`${e2e.server.url}/staff/join?persona=newcomer&code=not-a-code`)
    await page.getByTestId('staff-join').locator('button[type=submit]').click()
    await page.getByTestId('form-error').waitFor()
    expect(await englishWords(page)).toEqual([])
    await context.close()
  })

  it('shows a Japanese phone no English on any admin page, nor in a refusal the server gives the console', async () => {
    const { context, page } = await e2e.newPhonePage()
    const seen = []
    for (const path of adminPages) {
      await openAdminPage(page, e2e.server.url, path)
      seen.push({ path, english: await englishWords(page, CONSOLE_ALLOWED) })
    }
    expect(seen).toEqual(adminPages.map((path) => ({ path, english: [] })))

    // Taking more points than the member has: the server refuses in a code, the console says it in Japanese.
    await openAdminPage(page, e2e.server.url, '/admin/members/1')
    await page.getByTestId('adjust-points').fill('-999999')
    await page.getByTestId('adjust-reason').fill('テスト')
    await page.getByTestId('adjust-submit').click()
    const refusal = page.locator('.admin__main .notice--error')
    await refusal.waitFor()
    expect(await refusal.innerText()).toMatch(/ポイント/)
    expect(await englishWords(page, CONSOLE_ALLOWED)).toEqual([])
    await context.close()
  })

  it('shows an English phone the card, settings and forms in English, with English dates', async () => {
    const { context, page } = await e2e.newPhonePage({ locale: 'en-US' })
    await page.goto(`${e2e.server.url}/?persona=customer`)
    await page.getByTestId('card-qr').waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    const card = await page.locator('#app').innerText()
    expect(card).toContain('Point history')
    expect(card).toContain('Coupons')
    expect(card).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/) // "Dec 22, 2026", not 2026年12月22日
    expect(card).not.toContain('保有ポイント')
    expect(card).not.toMatch(/\d{4}年/)
    await page.getByTestId('go-settings').click()
    await page.getByTestId('language-switch').waitFor()
    expect(await page.locator('#app').innerText()).toContain('Download my data')

    await page.goto(`${e2e.server.url}/register?persona=newcomer`)
    await page.getByTestId('register-submit').click()
    await page.getByTestId('agreed-error').waitFor()
    const register = await page.locator('#app').innerText()
    expect(register).toContain('Please accept the terms and privacy policy')
    expect(register).not.toContain('入力してください')
    await context.close()
  })

  it('switches language in settings, keeps the choice on reload, and wins over the phone’s language', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/settings?persona=customer`)
    await page.getByTestId('language-en').click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.getByTestId('language-ja').click()
    await page.getByRole('heading', { name: '設定' }).waitFor()
    expect(await englishWords(page)).toEqual([])
    await context.close()
  })
})
