// The real Node server (embedded libsql, LINE sandbox, built LIFF app) and Chromium, for end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startNodeServer, type NodeServer } from '../../server/node-server'
import { connectChromium, launchChromium } from '../../server/rehearse/chromium'

export interface BrowserApp {
  server: NodeServer
  browser: Browser
  /**
   * A phone-sized page (LINE's in-app browser on a small phone); `userAgent: LINE_USER_AGENT` to be recognised as it,
   * `locale` for the phone's (and so LINE's) language, Japanese unless given.
   */
  newPhonePage(options?: { userAgent?: string; locale?: string }): Promise<{ context: BrowserContext; page: Page }>
  /** A phone page showing `persona`'s member card (its QR drawn). */
  openCard(persona: string): Promise<{ context: BrowserContext; page: Page }>
  /** A page the size of the back office's desk screens, in Japanese unless `locale` says otherwise. */
  newDesktopPage(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>
  close(): Promise<void>
}

/** The URL LINE opens for `persona` (the sandbox's `/sandbox/login/launch`): `path` with credentials in the fragment. */
export async function launchUrl(server: NodeServer, persona: string, path = '/'): Promise<string> {
  const res = await fetch(`${server.url}/sandbox/login/launch?${new URLSearchParams({ persona, path })}`, {
    redirect: 'manual',
  })
  const location = res.headers.get('location')
  if (res.status !== 302 || !location) throw new Error(`sandbox launch failed: ${res.status} ${await res.text()}`)
  return new URL(location, server.url).toString()
}

/**
 * The browser project's one Chromium (test/support/build-liff-app.ts) when it runs one, else a Chromium of its own.
 * (vitest is imported here, not above: benches import this module's other helpers outside vitest.)
 */
async function sharedChromium(): Promise<Browser> {
  const { inject } = await import('vitest')
  const endpoint = inject('chromiumEndpoint') as string | undefined
  return endpoint ? connectChromium(endpoint) : launchChromium()
}

export async function startBrowserApp(): Promise<BrowserApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-e2e-'))
  const server = await startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'e2e.db')}` },
    hostname: '127.0.0.1',
    log: () => {},
  })
  const browser = await sharedChromium()
  const newPhonePage: BrowserApp['newPhonePage'] = async (options = {}) => {
    const context = await browser.newContext({
      ...options,
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      locale: options.locale ?? 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    })
    return { context, page: await context.newPage() }
  }
  return {
    server,
    browser,
    newPhonePage,
    async openCard(persona) {
      const phone = await newPhonePage()
      await phone.page.goto(`${server.url}/?persona=${persona}`)
      await phone.page.getByTestId('card-qr').waitFor()
      return phone
    },
    async newDesktopPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 860 },
        locale: options.locale ?? 'ja-JP',
        timezoneId: 'Asia/Tokyo',
      })
      return { context, page: await context.newPage() }
    },
    async close() {
      await browser.close()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * One app for the enclosing `describe` block: started before its tests, closed after them. The object is filled in
 * once the app has started, so tests use it as the app itself.
 */
export function browserAppPerSuite(): BrowserApp {
  const app = {} as BrowserApp
  let started = false
  beforeAll(async () => {
    Object.assign(app, await startBrowserApp())
    started = true
  })
  afterAll(async () => {
    if (started) await app.close()
  })
  return app
}
