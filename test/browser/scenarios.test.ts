import { describe, expect, it } from 'vitest'
import { registerMember } from '../../server/data/linking'
import { setMemberTag } from '../../server/usecases/member-tags'
import { runScheduledJobs } from '../../server/jobs'
import { openAdminPage } from '../support/admin-pages'
import { registration } from '../support/job-deps'
import { browserAppPerSuite } from '../support/browser-app'

describe('step scenario editor in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('an admin composes a two-step scenario on a 360 px phone, previews its Flex step, saves it and sees its counts', async () => {
    const { context, page } = await e2e.newPhonePage()
    await openAdminPage(page, e2e.server.url, '/admin/scenarios')
    await page.getByTestId('new-scenario').click()
    await page.getByTestId('scenario-name').fill('登録後のごあいさつ')
    await page.getByTestId('scenario-status').selectOption('active')
    const first = page.getByTestId('scenario-step').nth(0)
    await first.getByTestId('step-amount').fill('0')
    await first.getByTestId('step-text').fill('ご登録ありがとうございます')
    await page.getByTestId('add-step').click()
    const second = page.getByTestId('scenario-step').nth(1)
    await second.getByText('日数後の時刻').click()
    await second.getByText('お知らせ').click()
    await second.getByTestId('step-title').fill('今週のおすすめ')
    await second.getByTestId('step-body').fill('店頭でお待ちしています')
    await second.getByTestId('step-preview').click()
    await expect.poll(() => second.locator('.chat__flex').innerText()).toContain('今週のおすすめ')
    expect(await second.locator('h3').innerText()).toContain('1日後の10:00')
    await expect.poll(() => page.getByTestId('scenario-example').innerText()).toMatch(/10:00/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.getByTestId('scenario-save').click()
    await expect.poll(() => page.url()).toMatch(/\/admin\/scenarios\/\d+$/)
    expect(await page.getByTestId('scenario-notice').innerText()).toBe('保存しました')

    // A member registers and the job runs: the editor shows the first step as sent, the second as waiting.
    const { db } = e2e.server.deps
    const lineUserId = `U${'7'.repeat(32)}`
    await registerMember(db, registration(lineUserId, '画面 確認'), new Date())
    await runScheduledJobs(e2e.server.deps, new Date())
    await page.reload()
    const counts = page.getByTestId('step-counts')
    await expect.poll(() => counts.nth(0).locator('[data-count="sent"]').innerText()).toBe('1')
    expect(await counts.nth(1).locator('[data-count="waiting"]').innerText()).toBe('1')

    await openAdminPage(page, e2e.server.url, '/admin/scenarios')
    const row = page.getByTestId('scenario-row').first()
    expect(await row.innerText()).toContain('登録後のごあいさつ')
    await row.getByTestId('scenario-toggle').click()
    await expect.poll(() => row.innerText()).toContain('一時停止中')
    await context.close()
  })

  it('an admin starts a scenario on a tag the POS/EC API sets, naming the tag and its value', async () => {
    await setMemberTag(e2e.server.deps, { memberId: 1, name: 'vip', value: 'silver', actor: 'apikey:1' })
    const { context, page } = await e2e.newPhonePage()
    await openAdminPage(page, e2e.server.url, '/admin/scenarios/new')
    await page.getByTestId('scenario-name').fill('VIP のお礼')
    expect(await page.getByTestId('scenario-tag-name').count()).toBe(0)
    await page.getByTestId('scenario-trigger').selectOption('member.tagged')
    // The tag names the shop's systems use are offered.
    expect(
      await page.locator('#scenario-tag-names option').evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
    ).toEqual(['vip'])
    await page.getByTestId('scenario-tag-name').fill('vip')
    await page.getByTestId('scenario-tag-value').fill('gold')
    await page.getByTestId('scenario-step').nth(0).getByTestId('step-text').fill('いつもありがとうございます')
    await page.getByTestId('scenario-save').click()
    await expect.poll(() => page.url()).toMatch(/\/admin\/scenarios\/\d+$/)
    await page.reload()
    await expect.poll(() => page.getByTestId('scenario-tag-name').inputValue()).toBe('vip')
    expect(await page.getByTestId('scenario-tag-value').inputValue()).toBe('gold')
    await context.close()
  })
})
