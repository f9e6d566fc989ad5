import { describe, expect, it } from 'vitest'
import { demo } from '../../db/seed'
import { memberNumberFor } from '../../server/domain/member-number'
import { personaByKey } from '../../server/sandbox/personas'
import { browserAppPerSuite } from '../support/browser-app'
import { submitRegistration } from '../support/register-page'

const customer = personaByKey('customer')!

describe('ID連携 in Chromium', () => {
  const e2e = browserAppPerSuite()

  const record = () => e2e.server.sandbox!.messaging.record
  const menuNamed = (name: string) => [...record().richMenus.values()].find((m) => m.name === name)!

  it('unlinks from settings: guest state and the guest rich menu', async () => {
    const { context, page } = await e2e.openCard('customer')
    await page.getByTestId('go-settings').click()
    await page.getByTestId('unlink').click()
    await page.getByTestId('unlink-confirm').click()
    await page.getByTestId('card-not-member').waitFor()
    expect(record().userRichMenus.has(customer.lineUserId)).toBe(false)
    expect(record().defaultRichMenuId).toBe(menuNamed('tsunagu-guest').richMenuId)
    await context.close()
  })

  it('account-links from the guest rich menu end to end through the sandbox dialog and webhook', async () => {
    const { context, page } = await e2e.newPhonePage()
    // The tap on the guest menu's "link" cell opens its URI.
    const area = menuNamed('tsunagu-guest').areas[1] as { action: { uri: string } }
    await page.goto(`${area.action.uri}?persona=customer`)
    await page.waitForURL(/\/account-link\/login\?ticket=/)
    await page.fill('#memberNumber', '０００００００００１８'.slice(1))
    await page.fill('#birthday', '1990-07-15')
    await page.click('button[type=submit]')
    await page.getByTestId('dialog-allow').click()
    await page.getByTestId('dialog-done').waitFor()
    await e2e.server.settle()
    expect(record().userRichMenus.get(customer.lineUserId)).toBe(menuNamed('tsunagu-member').richMenuId)
    await page.getByTestId('dialog-back').click()
    await page.getByTestId('card-qr').waitFor()
    expect(await page.getByTestId('card-member-number').textContent()).toContain(memberNumberFor(demo.customerMemberId))
    await context.close()
  })

  it('links an existing membership in the LIFF app and shows the card', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/?persona=staff`)
    await page.getByTestId('go-link').click()
    await page.fill('#memberNumber', 'abc')
    await page.getByTestId('link-submit').click()
    await page.getByTestId('memberNumber-error').waitFor()
    await page.fill('#memberNumber', `${demo.unlinkedMemberNumber.slice(0, 5)}-${demo.unlinkedMemberNumber.slice(5)}`)
    await page.fill('#birthday', '1985-04-13')
    await page.getByTestId('link-submit').click()
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('link_credentials_invalid')
    await page.fill('#birthday', demo.unlinkedBirthday)
    await page.getByTestId('link-submit').click()
    await page.getByTestId('card-qr').waitFor()
    expect(await page.getByTestId('card-member-number').textContent()).toContain(demo.unlinkedMemberNumber)
    await context.close()
  })

  it('tells a customer held after failed attempts how long to wait, in plain words', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/?persona=admin`)
    await page.getByTestId('go-link').click()
    await page.fill('#memberNumber', demo.unlinkedMemberNumber)
    await page.fill('#birthday', '2001-02-03')
    const error = page.getByTestId('form-error')
    const submit = async () => {
      const answered = page.waitForResponse((res) => res.url().endsWith('/api/link'))
      await page.getByTestId('link-submit').click()
      return (await answered).status()
    }
    for (let i = 0; i < 5; i++) expect(await submit()).toBe(401)
    expect(await submit()).toBe(429)
    await expect.poll(() => error.getAttribute('data-code')).toBe('link_wait')
    expect(await error.textContent()).toContain('1分ほど待ってからお試しください')
    await context.close()
  })

  it('registers a new customer and shows their card', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/?persona=newcomer`)
    await page.getByTestId('go-register').click()
    await page.getByTestId('register-submit').click()
    await page.getByTestId('agreed-error').waitFor()
    await submitRegistration(page, {
      name: '佐藤 健',
      nameKana: 'さとう けん',
      birthday: '1992-11-03',
      phone: '０８０－１１１１－２２２２',
      prefecture: '福岡県',
    })
    await page.getByTestId('card-qr').waitFor()
    await page.getByTestId('card-welcome').waitFor()
    expect(await page.getByTestId('card-member-number').textContent()).toMatch(/\d{10}/)
    await context.close()
  })
})
