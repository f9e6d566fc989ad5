// The LIFF registration form as a newcomer fills it in Chromium.
import type { Page } from 'playwright-core'

export interface RegistrationEntries {
  name: string
  nameKana: string
  birthday: string
  phone: string
  prefecture: string
}

/** Types `entries` into the open registration form, ticks the agreement and submits. */
export async function submitRegistration(page: Page, entries: RegistrationEntries): Promise<void> {
  await page.fill('#name', entries.name)
  await page.fill('#nameKana', entries.nameKana)
  await page.fill('#birthday', entries.birthday)
  await page.fill('#phone', entries.phone)
  await page.selectOption('#prefecture', entries.prefecture)
  await page.getByTestId('agree').check()
  await page.getByTestId('register-submit').click()
}
