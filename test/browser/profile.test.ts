import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../db/schema'
import { browserAppPerSuite } from '../support/browser-app'

describe('profile corrections and form errors in Chromium', () => {
  const e2e = browserAppPerSuite()

  it('a customer corrects their name and phone and withdraws offers in settings; the admin sees it, then corrects it back', async () => {
    const { context, page } = await e2e.openCard('customer')
    await page.getByTestId('go-settings').click()
    await page.getByTestId('open-profile').click()
    await page.getByTestId('profile-form').waitFor()
    expect(await page.getByTestId('profile-name').inputValue()).toBe('山田 花子')
    // The birthday is recorded: shown, not editable here.
    expect(await page.getByTestId('profile-birthday-fixed').textContent()).toBe('1990-07-15')
    await page.getByTestId('profile-name').fill('山田 華子')
    await page.getByTestId('profile-phone').fill('０８０－１１１１－２２２２')
    await page.getByTestId('profile-marketing').uncheck()
    await page.getByTestId('profile-submit').click()
    await page.getByTestId('profile-saved').waitFor()
    expect(await page.getByTestId('profile-phone').inputValue()).toBe('08011112222')

    const admin = await e2e.newPhonePage()
    await admin.page.goto(`${e2e.server.url}/admin/members/1?persona=admin`)
    await admin.page.getByTestId('member-edit').waitFor()
    expect(await admin.page.getByTestId('member-edit-name').inputValue()).toBe('山田 華子')
    expect(await admin.page.getByTestId('member-edit-phone').inputValue()).toBe('08011112222')
    expect(await admin.page.getByTestId('member-edit-marketing').isChecked()).toBe(false)

    // The admin's too-long name is refused at the field, then a correction is saved.
    await admin.page.getByTestId('member-edit-name').fill('あ'.repeat(41))
    await admin.page.getByTestId('member-edit-submit').click()
    await expect.poll(() => admin.page.getByTestId('member-edit-name').getAttribute('aria-invalid')).toBe('true')
    await admin.page.getByTestId('member-edit-name').fill('山田 花子')
    await admin.page.getByTestId('member-edit-birthday').fill('1990-07-16')
    await admin.page.getByTestId('member-edit-submit').click()
    await admin.page.getByTestId('member-edit-notice').waitFor()

    await page.reload()
    await page.getByTestId('profile-form').waitFor()
    await expect.poll(() => page.getByTestId('profile-name').inputValue()).toBe('山田 花子')
    expect(await page.getByTestId('profile-birthday-fixed').textContent()).toBe('1990-07-16')

    const entries = await e2e.server.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'member.profile_updated'))
      .orderBy(auditLog.id)
    expect(entries.map((e) => [e.actor.split(':')[0], e.detail])).toEqual([
      [
        'line',
        {
          fields: ['name', 'phone', 'marketingOptIn'],
          before: { name: '山田 花子', phone: '09012345678', marketingOptIn: true },
          after: { name: '山田 華子', phone: '08011112222', marketingOptIn: false },
        },
      ],
      [
        // Admins act as `staff:N` like everyone on the staff (one actor format; their role is shown beside it).
        'staff',
        {
          fields: ['name', 'birthday'],
          before: { name: '山田 華子', birthday: '1990-07-15' },
          after: { name: '山田 花子', birthday: '1990-07-16' },
        },
      ],
    ])
    await admin.context.close()
    await context.close()
  })

  it('marks a refused registration field invalid, ties its error to it and moves focus to the first one', async () => {
    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/register?persona=newcomer`)
    await page.getByTestId('register-form').waitFor()
    await page.fill('#name', 'あ'.repeat(41))
    await page.fill('#nameKana', 'タカハシ')
    await page.fill('#birthday', '1995-03-08')
    await page.fill('#phone', '12345')
    await page.getByTestId('register-submit').click()
    await page.getByTestId('name-error').waitFor()
    // Not cut to 40: the whole input is kept and the error says the limit.
    expect(await page.inputValue('#name')).toHaveLength(41)
    expect(await page.getAttribute('#name', 'aria-invalid')).toBe('true')
    expect(await page.getAttribute('#name', 'aria-describedby')).toBe('name-error')
    expect(await page.getByTestId('name-error').textContent()).toContain('40文字以内')
    expect(await page.getAttribute('#phone', 'aria-invalid')).toBe('true')
    expect(await page.getAttribute('#nameKana', 'aria-invalid')).toBeNull()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('name')

    await page.fill('#name', '高橋 美咲')
    await page.getByTestId('register-submit').click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('phone')
    await context.close()
  })
})
