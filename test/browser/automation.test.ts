import { describe, expect, it } from 'vitest'
import { loadSettings } from '../../server/data/settings'
import { personaByKey } from '../../server/sandbox/personas'
import { openAdminPage } from '../support/admin-pages'
import { browserAppPerSuite } from '../support/browser-app'
import { defineCoupon } from '../support/coupons'

const newcomer = personaByKey('newcomer')!

describe('the welcome and birthday page in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('an admin edits the greeting, turns on the birthday message with a coupon, and a new friend gets that greeting', async () => {
    const { db } = e2e.server.deps
    const coupon = await defineCoupon(db, { title: 'ようこそ100円引き' })
    const { context, page } = await e2e.newPhonePage()
    await openAdminPage(page, e2e.server.url, '/admin/automation')
    await page.getByTestId('greeting-newFriend-ja').fill('ご登録はこちらから！')
    await page.getByTestId('birthday-enabled').check()
    await page.getByTestId('birthday-when').selectOption({ label: '誕生日の前から' })
    await page.getByTestId('birthday-days').fill('5')
    await page.getByTestId('rule-welcome').selectOption({ label: 'ようこそ100円引き' })
    await page.getByTestId('rule-birthday').selectOption({ label: 'ようこそ100円引き' })
    await page.getByTestId('rule-rank-add').click()
    await page.getByTestId('automation-save').click()
    await expect.poll(() => page.getByTestId('automation-notice').textContent()).toBe('保存しました')

    const saved = await loadSettings(db)
    expect(saved.greeting.texts.ja.newFriend).toBe('ご登録はこちらから！')
    expect(saved.birthday).toMatchObject({ enabled: true, daysBefore: 5 })
    expect(saved.couponRules).toEqual({
      welcome: coupon.id,
      birthday: coupon.id,
      rankUp: [{ rank: saved.ranks[1]!.key, couponId: coupon.id }],
    })
    await page.reload()
    await expect.poll(() => page.getByTestId('birthday-days').inputValue()).toBe('5')

    await e2e.server.sandbox!.webhook.follow(newcomer.lineUserId)
    await e2e.server.settle()
    const inbox = e2e.server.sandbox!.messaging.record.inbox.get(newcomer.lineUserId) ?? []
    expect(inbox.map((m) => m.message.text)).toContainEqual(expect.stringMatching(/^ご登録はこちらから！\nhttp/))
    await context.close()
  })

  it('shows the page in English on an English phone, with none of its labels in Japanese', async () => {
    const { context, page } = await e2e.newPhonePage({ locale: 'en-US' })
    await openAdminPage(page, e2e.server.url, '/admin/automation')
    const main = await page.locator('.admin__main').innerText()
    expect(main).toContain('Welcome & birthday')
    expect(main).toContain('Birthday message')
    expect(main).toContain('Coupons issued automatically')
    // Shop data (coupon titles, rank names) stays as the shop wrote it; none of the page's own words are Japanese.
    for (const label of ['誕生日メッセージ', '送るタイミング', 'クーポンの自動発行', '会員登録のとき', '保存']) {
      expect(main).not.toContain(label)
    }
    await context.close()
  })
})
