// The language switch in settings: remembered on this device, it wins over LINE's language (locale-choice.ts). Apart
// from useI18n.ts so that only the settings page carries it.

import { LOCALE_STORAGE_KEY } from './locale-choice'
import type { Locale } from './translate'
import { applyLocale } from './useI18n'

export function chooseLanguage(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  return applyLocale(locale)
}
