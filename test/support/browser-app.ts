// The real Node server (embedded libsql, LINE sandbox, built LIFF app) and Chromium, for end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startNodeServer, type NodeServer } from '../../server/node-server'
import { launchChromium } from './chromium'

export interface BrowserApp {
  server: NodeServer
  browser: Browser
  /** A phone-sized page (LINE's in-app browser on a small phone). */
  newPhonePage(): Promise<{ context: BrowserContext; page: Page }>
  close(): Promise<void>
}

export async function startBrowserApp(): Promise<BrowserApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-e2e-'))
  const server = await startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: `file:${join(dir, 'e2e.db')}` },
    hostname: '127.0.0.1',
  })
  const browser = await launchChromium()
  return {
    server,
    browser,
    async newPhonePage() {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        locale: 'ja-JP',
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
