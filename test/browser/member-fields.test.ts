import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberFieldAnswers, memberFields } from '../../db/schema'
import { openAdminPage } from '../support/admin-pages'
import { startBrowserApp, type BrowserApp } from '../support/browser-app'

describe('custom member fields in Chromium on a 360 px phone', () => {
  let e2e: BrowserApp
  beforeAll(async () => {
    e2e = await startBrowserApp()
  })
  afterAll(() => e2e?.close())

  const fits = async (page: import('playwright-core').Page) =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

  it('an admin adds a required choice field in Japanese; a member answers it in the questionnaire', async () => {
    const admin = await e2e.newPhonePage()
    await openAdminPage(admin.page, e2e.server.url, '/admin/fields')
    const editor = admin.page.getByTestId('field-editor')
    await editor.getByTestId('field-key').fill('skin_type')
    await editor.getByTestId('field-label-ja').fill('肌タイプ')
    await editor.getByTestId('field-label-en').fill('Skin type')
    await editor.getByTestId('choice-value').fill('dry')
    await editor.getByTestId('choice-ja').fill('乾燥肌')
    await editor.getByTestId('choice-en').fill('Dry')
    await editor.getByTestId('choice-add').click()
    await editor.getByTestId('choice-value').nth(1).fill('oily')
    await editor.getByTestId('choice-ja').nth(1).fill('脂性肌')
    await editor.getByTestId('choice-en').nth(1).fill('Oily')
    await editor.getByTestId('field-required').check()
    await editor.getByTestId('field-save').click()
    await expect.poll(() => admin.page.getByTestId('fields-list').innerText()).toContain('肌タイプ')
    expect(await admin.page.getByTestId('fields-list').innerText()).toContain('乾燥肌 / 脂性肌')
    expect(await admin.page.getByTestId('questionnaire-url').inputValue()).toMatch(/\/settings\/profile\?questions=1$/)
    await fits(admin.page)
    const [field] = await e2e.server.deps.db.select().from(memberFields)
    expect(field).toMatchObject({ key: 'skin_type', type: 'choice', required: true })

    const { context, page } = await e2e.newPhonePage()
    await page.goto(`${e2e.server.url}/settings/profile?questions=1&persona=customer`)
    await page.getByTestId('my-fields-form').waitFor()
    expect(await page.locator('h1').innerText()).toBe('アンケート')
    await page.getByTestId('my-fields-submit').click()
    await page.getByTestId('field-skin_type-error').waitFor()
    expect(await page.getByTestId('field-skin_type-error').innerText()).toBe('回答してください')
    await fits(page)
    await page.getByTestId('field-skin_type').selectOption('oily')
    await page.getByTestId('my-fields-submit').click()
    await expect.poll(() => page.getByTestId('my-fields-saved').innerText()).toBe('ご回答ありがとうございました。')
    await fits(page)
    const answers = await e2e.server.deps.db
      .select()
      .from(memberFieldAnswers)
      .where(eq(memberFieldAnswers.fieldId, field!.id))
    expect(answers.map((a) => a.value)).toEqual(['oily'])

    // Answered: the questionnaire has nothing left to ask; the admin sees the answer on the member page.
    await page.reload()
    await page.getByTestId('questions-done').waitFor()
    await openAdminPage(admin.page, e2e.server.url, `/admin/members/${answers[0]!.memberId}`)
    expect(await admin.page.getByTestId('answer-skin_type').inputValue()).toBe('oily')
    await fits(admin.page)
    await context.close()
    await admin.context.close()
  })
})
