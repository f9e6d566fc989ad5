// The rehearsal's customer and admin in Chromium, opening the app the way LINE does in the sandbox: a LIFF URL
// resolved through the LIFF app the setup made, the persona's credentials in the fragment, LINE's user agent.
import type { Browser, Page } from 'playwright-core'
import { demo } from '../../db/seed'
import type { Sandbox } from '../sandbox'
import { LINE_USER_AGENT } from './chromium'

/** Where LINE opens `liffUrl` (https://liff.line.me/{liffId}/{path}): the LIFF app's endpoint URL plus the path. */
export function liffTarget(sandbox: Sandbox, liffUrl: string): { origin: string; path: string } {
  const url = new URL(liffUrl)
  const [, liffId, ...rest] = url.pathname.split('/')
  const app = sandbox.liff.apps.get(liffId!)
  if (!app) throw new Error(`LINE knows no LIFF app ${liffId} (from ${liffUrl})`)
  return { origin: app.view.url.replace(/\/$/, ''), path: `/${rest.join('/')}${url.search}` }
}

/** A phone page inside LINE, opened at `path` of `origin` as `persona` (the sandbox's launch: credentials in the fragment). */
export async function openInLine(browser: Browser, origin: string, persona: string, path: string): Promise<Page> {
  const context = await browser.newContext({
    userAgent: LINE_USER_AGENT,
    viewport: { width: 360, height: 740 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  })
  // A busy machine is slow; these bound a wait, they measure nothing.
  context.setDefaultTimeout(120_000)
  const page = await context.newPage()
  await page.goto(`${origin}/sandbox/login/launch?${new URLSearchParams({ persona, path })}`)
  return page
}

/** Joins with the invite on the page (staff/join?code=…) and waits until the app says so. */
export async function joinWithInvite(page: Page): Promise<void> {
  await page.getByTestId('staff-join').locator('button[type=submit]').click()
  await page.getByTestId('staff-join-done').waitFor()
}

/** ID連携 of the seeded unlinked member from the card page; resolves with the member number the card then shows. */
export async function linkDemoMember(page: Page): Promise<string> {
  await page.getByTestId('go-link').click()
  await page.fill('#memberNumber', demo.unlinkedMemberNumber)
  await page.fill('#birthday', demo.unlinkedBirthday)
  await page.getByTestId('link-submit').click()
  await page.getByTestId('card-qr').waitFor()
  return (await page.getByTestId('card-member-number').textContent()) ?? ''
}
