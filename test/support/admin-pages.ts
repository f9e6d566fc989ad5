// Every page of the admin console, as an admin opens it; the phone and one-language browser tests go through all of them.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

export const adminPages = [
  '/admin',
  '/admin/members',
  '/admin/members/1',
  '/admin/bookings',
  '/admin/campaigns',
  '/admin/campaigns/new',
  '/admin/reports',
  '/admin/stores',
  '/admin/settings',
  '/admin/legal',
  '/admin/audit',
  '/admin/webhooks',
  '/admin/coupons',
  '/admin/templates',
  '/admin/automation',
  '/admin/integrations',
  '/admin/fields',
  '/admin/scenarios',
  '/admin/scenarios/new',
]

/** Opens `path` of the console at `origin` as the sandbox's admin and waits until the page has loaded its data. */
export async function openAdminPage(page: Page, origin: string, path: string): Promise<void> {
  await page.goto(`${origin}${path}?persona=admin`)
  await page.locator('.admin__nav').waitFor()
  await page.waitForLoadState('networkidle')
  await expect.poll(() => page.locator('.admin__main').innerText()).not.toContain('読み込み中')
}
