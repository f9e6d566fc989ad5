import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { LINE_USER_AGENT } from '../../server/rehearse/chromium'
import { launchUrl, startBrowserApp, type BrowserApp } from '../support/browser-app'
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
    await qr.waitFor()
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
    await qr.waitFor()
    const first = decodeQrFromPng(await qr.screenshot())
    expect(first).toBeTruthy()

    // The code lives 60 s; the page fetches the next one about 10 s before the end.
    await page.clock.fastForward(52_000)
    await expect.poll(async () => decodeQrFromPng(await qr.screenshot())).not.toBe(first)
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

  it('opened by LINE (credentials in the URL): the session is asked for before the entry script has arrived, and the card shows before LIFF loads', async () => {
    const { context, page } = await e2e.newPhonePage({ userAgent: LINE_USER_AGENT })
    const requests: string[] = []
    let sessionSent!: () => void
    const sent = new Promise<void>((resolve) => (sessionSent = resolve))
    page.on('request', (req) => {
      const name = `${req.method()} ${new URL(req.url()).pathname}`
      requests.push(name)
      if (name === 'POST /api/session') sessionSent()
    })
    // The entry script is held back until the session request is out: only index.html's own script can send it.
    // (The bound only lets a page that never sends it fail with a clear assertion; a slow machine stays far inside it.)
    let heldUntilSession: boolean | undefined
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      heldUntilSession = await Promise.race([
        sent.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
      ])
      await route.continue()
    })
    // LIFF's files (the sandbox's start-up here) are held back until the QR is on screen: the card must not need them.
    let qrShown!: () => void
    const shown = new Promise<void>((resolve) => (qrShown = resolve))
    await page.route(/\/assets\/(start|id-token-provider|client)-[\w-]+\.js$/, async (route) => {
      await shown
      await route.continue()
    })
    await page.goto(await launchUrl(e2e.server, 'customer'))
    const qr = page.getByTestId('card-qr')
    await qr.waitFor()
    qrShown()
    expect(heldUntilSession).toBe(true)
    expect(await page.getByTestId('card-member-number').textContent()).toContain('0000000018')
    // Then LIFF starts: the sandbox strip says who is signed in.
    await expect
      .poll(() => page.getByTestId('sandbox-bar').textContent())
      .toContain(personaByKey('customer')!.displayName)
    const verified = await postJson(
      '/api/staff/cards/verify',
      { token: decodeQrFromPng(await qr.screenshot()) },
      staffToken,
    )
    expect(verified.status).toBe(200)

    expect(requests.filter((r) => r === 'POST /api/session')).toHaveLength(1)
    expect(requests.filter((r) => r.includes('/sandbox/login/'))).toEqual([])
    expect(new URL(page.url()).hash).toBe('') // the credentials leave the visible URL, as LIFF's start does
    await context.close()
  })

  it('opened by LINE at a staff page: the page comes up once LIFF has started, signed in as the launch’s user', async () => {
    const { context, page } = await e2e.newPhonePage({ userAgent: LINE_USER_AGENT })
    await page.goto(await launchUrl(e2e.server, 'staff', '/staff'))
    await page.getByTestId('staff-code-input').waitFor()
    expect(await page.getByTestId('sandbox-bar').textContent()).toContain(personaByKey('staff')!.displayName)
    await context.close()
  })
})
