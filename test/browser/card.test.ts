import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'

describe('member card in Chromium', () => {
  let e2e: BrowserApp
  let staffToken: string
  beforeAll(async () => {
    e2e = await startBrowserApp()
    const staff = personaByKey('staff')!
    const { idToken } = await postJson('/sandbox/login/id-token', { lineUserId: staff.lineUserId })
    staffToken = (await postJson('/api/session', { idToken })).token
  })
  afterAll(() => e2e?.close())

  async function postJson(path: string, body: unknown, token?: string) {
    const res = await fetch(`${e2e.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    return Object.assign(await res.json(), { status: res.status })
  }

  it('logs the demo customer in with no step and shows a QR that the server accepts from staff', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/?persona=customer`)
    const qr = page.getByTestId('card-qr')
    await qr.waitFor({ state: 'visible', timeout: 15_000 })
    await expect.poll(() => page.getByTestId('card-balance').textContent()).toContain('1,700')
    expect(await page.getByTestId('card-member-number').textContent()).toContain('0000000018')
    // The sandbox strip above the card says who the mocked LINE session is.
    expect(await page.getByTestId('sandbox-bar').textContent()).toContain(personaByKey('customer')!.displayName)

    const token = decodeQrFromPng(await qr.screenshot())
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const verified = await postJson('/api/staff/cards/verify', { token }, staffToken)
    expect(verified.status).toBe(200)
    expect(verified.member).toMatchObject({ memberNumber: '0000000018', balance: 1700 })
    await context.close()
  })

  it('rotates the QR before it expires, and each decoded code serves one transaction only', async () => {
    const { context, page } = await e2e.newPhonePage()
    await context.clock.install()
    await page.goto(`${e2e.server.url}/?persona=customer`)
    const qr = page.getByTestId('card-qr')
    await qr.waitFor({ state: 'visible', timeout: 15_000 })
    const first = decodeQrFromPng(await qr.screenshot())
    expect(first).toBeTruthy()

    // The code lives 60 s; the page fetches the next one about 10 s before the end.
    await page.clock.fastForward(52_000)
    await expect.poll(async () => decodeQrFromPng(await qr.screenshot()), { timeout: 10_000 }).not.toBe(first)
    const second = decodeQrFromPng(await qr.screenshot())
    expect(second).toBeTruthy()
    expect(await page.getByTestId('card-countdown').getAttribute('data-seconds')).not.toBe('0')

    const earn = (cardToken: string, n: number) =>
      postJson(
        '/api/staff/checkout/earn',
        { cardToken, purchaseAmount: 1000, idempotencyKey: `rotation-test-${n}` },
        staffToken,
      )
    expect((await earn(first!, 1)).status).toBe(200)
    const reused = await earn(first!, 2)
    expect(reused.status).toBe(409)
    expect(reused.error.code).toBe('card_used')
    expect((await earn(second!, 3)).status).toBe(200)
    await context.close()
  })
})
