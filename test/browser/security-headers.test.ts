import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { LINE_USER_AGENT } from '../../server/rehearse/chromium'
import { browserAppPerSuite, launchUrl } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'

/** Every CSP violation the page reports, from its own event and from Chromium's console. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = []
  await page.exposeFunction('__reportViolation', (text: string) => void seen.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation
      void report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  page.on('console', (message) => {
    if (/Refused to|Content Security Policy/.test(message.text())) seen.push(message.text())
  })
  return seen
}

describe('the pages under their Content-Security-Policy in Chromium (sandbox mode)', () => {
  const e2e = browserAppPerSuite()

  it('runs the launch script, the card with its QR, the staff page and the admin console with no violation', async () => {
    const { context, page } = await e2e.newPhonePage({ userAgent: LINE_USER_AGENT })
    const violations = await watchViolations(page)

    // As LINE opens the card: the inline launch script asks for the session from the fragment's ID token. The entry
    // script is held back until that request is out, so only the inline script can have sent it.
    let sessionAsked!: () => void
    const asked = new Promise<void>((resolve) => (sessionAsked = resolve))
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/session') sessionAsked()
    })
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      await asked
      await route.continue()
    })
    const card = await page.goto(await launchUrl(e2e.server, 'customer'))
    expect(card!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/)
    const qr = page.getByTestId('card-qr')
    await qr.waitFor({ state: 'visible', timeout: 15_000 })
    expect(decodeQrFromPng(await qr.screenshot())).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    const staff = await page.goto(`${e2e.server.url}/staff?persona=staff`)
    expect(staff!.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    await page.getByTestId('staff-code-input').waitFor({ timeout: 15_000 })

    const admin = await page.goto(`${e2e.server.url}/admin/members/1?persona=admin`)
    expect(admin!.headers()['x-frame-options']).toBe('DENY')
    await page.getByTestId('member-balance').waitFor({ timeout: 15_000 })

    await page.goto(`${e2e.server.url}/sandbox/inbox`)
    await page.waitForLoadState('load')
    expect(violations).toEqual([])
    await context.close()
  })
})
