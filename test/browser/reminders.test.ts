import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { saveSetting } from '../../server/data/settings'
import { personaByKey } from '../../server/sandbox/personas'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

const customer = personaByKey('customer')!

/** Tokyo date and time of `at`, as the admin form takes them. */
function tokyo(at: Date): { date: string; time: string } {
  const [date, time] = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Tokyo',
    dateStyle: 'short',
    timeStyle: 'short',
  })
    .format(at)
    .split(' ')
  return { date: date!, time: time! }
}

describe('reservation reminder in Chromium', () => {
  let e2e: BrowserApp
  beforeAll(async () => {
    e2e = await startBrowserApp()
    // The test runs at any hour: without quiet hours the reminder goes out as soon as it is due.
    await saveSetting(e2e.server.deps.db, 'messaging', { quietHours: null, expiryWarningDays: 30 }, 'test', new Date())
  })
  afterAll(() => e2e?.close())

  it('admin adds a reservation for tomorrow, the planner sends its reminder, the customer taps Confirm in the inbox', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/admin/reservations?persona=admin`)
    await page.getByTestId('reservation-form').waitFor()

    // 23 hours from now: tomorrow (in Tokyo) for most of the day, and its 24 h reminder is already due.
    const { date, time } = tokyo(new Date(Date.now() + 23 * 3_600_000))
    await page.locator('input[name=memberId]').fill('1')
    await page.locator('input[name=date]').fill(date)
    await page.locator('input[name=time]').fill(time)
    await page.locator('input[name=menu]').fill('カット')
    await page.getByTestId('reservation-create').click()
    const row = page.locator('[data-testid^="reservation-"]', { hasText: 'カット' }).filter({ hasText: time }).last()
    await row.waitFor().catch(async (err: unknown) => {
      console.error(await page.locator('main').innerText())
      throw err
    })
    const id = Number((await row.getAttribute('data-testid'))!.replace('reservation-', ''))
    expect(id).toBeGreaterThan(0)

    const report = await e2e.server.jobs.tick()
    expect(report?.messaging).toMatchObject({ planned: { reminders: expect.any(Number) } })

    await page.goto(`${e2e.server.url}/sandbox/inbox?user=${customer.lineUserId}`)
    const confirm = page.locator(`form:has(input[name=data][value="reservation:confirm:${id}"]) button`)
    await confirm.waitFor()
    await expect.poll(() => page.content()).toContain('ご予約のお知らせ')
    await confirm.click()
    await page.waitForLoadState('load')
    await e2e.server.settle()

    await page.goto(`${e2e.server.url}/admin/reservations?persona=admin`)
    const status = page.getByTestId(`reservation-${id}`).getByTestId('reservation-status')
    await expect.poll(() => status.textContent()).toBe('confirmed')
    expect(await page.getByTestId(`reservation-${id}`).getByTestId('reminder-state').first().textContent()).toContain(
      '送信済み',
    )
    await context.close()
  })
})
