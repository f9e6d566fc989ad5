// The console's language: the choice stored by the app's language switch, else the browser's; Japanese by default.

import { pickLocale, type Locale } from '../i18n/translate'

/** The key the app's language switch stores its choice under. */
const LOCALE_KEY = 'tsunagu.locale'

export function adminLocale(): Locale {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(LOCALE_KEY)
  } catch {
    // Storage can be blocked (private mode, sandboxed frames): fall back to the browser's language.
  }
  if (stored === 'ja' || stored === 'en') return stored
  return pickLocale(typeof navigator === 'undefined' ? undefined : navigator.language)
}
