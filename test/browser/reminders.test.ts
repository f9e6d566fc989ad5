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
    e2e.server.deps.settings.invalidate() // as the admin settings route does after saving
  })
  afterAll(() => e2e?.close())

  it('admin adds a reservation for tomorrow, the planner sends its reminder, the customer taps Confirm in the inbox; cancelling asks once more and tells the customer', async () => {
    const { context, page } = await e2e.newPhonePage()
    // The old path of a removed duplicate page leads to the console's reservations page.
    await page.goto(`${e2e.server.url}/admin/reservations?persona=admin`)
    await page.waitForURL(/\/admin\/bookings/)
    await page.getByTestId('res-create').waitFor()

    // 23 hours from now: tomorrow (in Tokyo) for most of the day, and its 24 h reminder is already due.
    const { date, time } = tokyo(new Date(Date.now() + 23 * 3_600_000))
    await page.getByTestId('res-member-query').fill('0000000018')
    await page.getByTestId('res-member-query').press('Tab')
    await expect.poll(() => page.getByTestId('res-member').inputValue()).toBe('1')
    await page.getByTestId('res-date').fill(date)
    await page.getByTestId('res-time').fill(time)
    await page.getByTestId('res-menu').fill('カット')
    await page.getByTestId('res-create').click()
    const row = page.locator('tr[data-testid^="reservation-"]', { hasText: 'カット' }).filter({ hasText: time }).last()
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

    await page.goto(`${e2e.server.url}/admin/bookings?persona=admin`)
    const listed = page.getByTestId(`reservation-${id}`)
    await expect.poll(() => listed.getByTestId('reservation-status').getAttribute('data-status')).toBe('confirmed')
    expect(await listed.locator('[data-testid="reminder-state"][data-status="sent"]').count()).toBeGreaterThan(0)

    // Cancelling asks once more, naming who and when, then tells the customer in LINE.
    await listed.getByTestId('res-cancel').click()
    const ask = page.getByTestId('res-cancel-confirm')
    expect(await ask.textContent()).toContain('山田 花子')
    expect(await ask.textContent()).toContain(time)
    expect(await ask.textContent()).toContain('お客さまにLINEでお知らせします')
    await ask.getByTestId('res-cancel-yes').click()
    await expect
      .poll(() => page.getByTestId('reservation-notice').textContent())
      .toContain('お客さまにLINEでお知らせしました')
    await expect.poll(() => listed.getByTestId('reservation-status').getAttribute('data-status')).toBe('cancelled')
    await e2e.server.jobs.tick()
    await expect
      .poll(async () =>
        JSON.stringify(await (await fetch(`${e2e.server.url}/sandbox/inbox/api/${customer.lineUserId}`)).json()),
      )
      .toContain('ご予約キャンセルのお知らせ')
    await context.close()
  })
})
