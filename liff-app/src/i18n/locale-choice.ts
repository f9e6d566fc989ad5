// Which language the app shows: the customer's own choice in settings, else LINE's language, else the browser's.

import { pickLocale, type Locale } from './translate'

/** localStorage key of the language chosen in settings (it wins over the detected one). */
export const LOCALE_STORAGE_KEY = 'tsunagu.locale'

export interface LocaleSources {
  /** What settings stored, if anything (any other value is ignored). */
  stored?: string | null
  /** `liff.getLanguage()`, once LIFF has started. */
  line?: string | null
  /** `navigator.language`. */
  browser?: string | null
}

/** Japanese unless the stored choice, or else LINE's (or before LIFF, the browser's) language, is English. */
export function chooseLocale({ stored, line, browser }: LocaleSources): Locale {
  if (stored === 'ja' || stored === 'en') return stored
  return pickLocale(line || browser)
}

/** The stored choice; null when none or when storage is unavailable (private mode, blocked cookies). */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(LOCALE_STORAGE_KEY) ?? null
  } catch {
    return null
  }
}
