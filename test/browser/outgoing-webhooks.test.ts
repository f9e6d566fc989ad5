import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openAdminPage } from '../support/admin-pages'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'
import { verifyTsunaguSignature } from '../support/tsunagu-signature'
import { webhookReceiver } from '../support/webhook-receiver'

describe('outgoing webhooks on the integrations page in Chromium', () => {
  let e2e: BrowserApp
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  beforeAll(async () => {
    e2e = await startBrowserApp()
    receiver = await webhookReceiver()
  })
  afterAll(async () => {
    await receiver?.close()
    await e2e?.close()
  })

  it('adds an endpoint at 360 px, shows its secret once, sends a signed test, and retries a dead delivery', async () => {
    const { context, page } = await e2e.newPhonePage()
    page.on('dialog', (dialog) => void dialog.accept())
    await openAdminPage(page, e2e.server.url, '/admin/integrations')
    const panel = page.getByTestId('outgoing-webhooks')
    expect(await panel.innerText()).toContain('Webhook 送信')

    // A refused URL is said in the console's words.
    await page.getByTestId('webhook-url').fill('http://192.168.1.20/hook')
    await page.getByTestId('webhook-save').click()
    await expect.poll(() => panel.getByRole('alert').innerText()).toContain('https の公開URL')

    await page.getByTestId('webhook-url').fill(receiver.url())
    await page.locator('label', { has: page.getByTestId('webhook-event-coupon.used') }).click() // a chip
    await page.getByTestId('webhook-save').click()
    const secret = (await page.getByTestId('webhook-secret-value').innerText()).trim()
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/)
    const endpoints = page.getByTestId('webhook-endpoints')
    await expect.poll(() => endpoints.innerText()).toContain('クーポン利用')
    expect(await endpoints.innerText()).toContain(receiver.url())
    expect(await endpoints.innerText()).not.toContain(secret) // only its prefix stays

    // The test event arrives signed with the secret just shown.
    receiver.answers.push(400)
    await endpoints.getByRole('button', { name: 'テスト送信' }).click()
    await expect.poll(() => receiver.received.length).toBe(1)
    const [got] = receiver.received
    expect(got!.payload.type).toBe('webhook.test')
    expect(verifyTsunaguSignature(secret, got!.body, got!.signature)).toBe(true)

    // It was refused (400): dead, shown with its code, and sent again from the console.
    const dead = page.getByTestId('webhook-dead')
    await expect
      .poll(async () => {
        await openAdminPage(page, e2e.server.url, '/admin/integrations')
        return dead.innerText()
      })
      .toContain('400')
    // One language: the endpoint's answer is said in Japanese, and no English is left but names and data (`.mono`).
    await page.addStyleTag({ content: 'code, .mono { display: none !important }' })
    const words = (await page.locator('.admin__main').innerText()).match(/[A-Za-z]{3,}/g) ?? []
    const allowed = new Set(['Webhook', 'URL', 'https', 'LINE', 'POS', 'API', 'JAN', 'Tsunagu'])
    expect(words.filter((w) => !allowed.has(w))).toEqual([])
    expect(await dead.innerText()).toContain('受け取りを拒否されました')
    await dead.getByRole('button', { name: '再送' }).click()
    await expect.poll(() => receiver.received.length).toBe(2)
    await expect
      .poll(async () => {
        await openAdminPage(page, e2e.server.url, '/admin/integrations')
        return page.getByTestId('webhook-deliveries').innerText()
      })
      .toContain('送信済み')
    expect(await dead.innerText()).toContain('停止した送信はありません')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await context.close()
  })
})
