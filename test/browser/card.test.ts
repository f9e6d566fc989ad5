import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'
import { decodeQrFromPng } from '../support/qr'

describe('member card in Chromium', () => {
  let e2e: BrowserApp
  beforeAll(async () => {
    e2e = await startBrowserApp()
  })
  afterAll(() => e2e?.close())

  it('logs the demo customer in with no step and shows a QR that the server accepts from staff', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/?persona=customer`)
    const qr = page.getByTestId('card-qr')
    await qr.waitFor({ state: 'visible', timeout: 15_000 })
    await expect.poll(() => page.getByTestId('card-balance').textContent()).toContain('1,700')
    expect(await page.getByTestId('card-member-number').textContent()).toContain('0000000018')

    const token = decodeQrFromPng(await qr.screenshot())
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    const staff = personaByKey('staff')!
    const { idToken } = await (
      await fetch(`${e2e.server.url}/sandbox/login/id-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lineUserId: staff.lineUserId }),
      })
    ).json()
    const session = await (
      await fetch(`${e2e.server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idToken }),
      })
    ).json()
    const verified = await fetch(`${e2e.server.url}/api/staff/cards/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ token }),
    })
    expect(verified.status).toBe(200)
    expect((await verified.json()).member).toMatchObject({ memberNumber: '0000000018', balance: 1700 })
    await context.close()
  })
})
