// `t` in the one language the page shows. The locale is reactive: LIFF's language (known once it has started) or the
// switch in settings can change it, and pages keyed on it (app-shell.ts, routed-app.ts) are rebuilt in the new one.

import { ref } from 'vue'
import { cardMessages } from './card-messages'
import { chooseLocale, LOCALE_STORAGE_KEY, storedLocale } from './locale-choice'
import type { MessageKey } from './messages'
import { format, type Locale, type MessagePair, type MessageParams } from './translate'

const storage = typeof localStorage === 'undefined' ? undefined : localStorage
const browser = typeof navigator === 'undefined' ? undefined : navigator.language

/** The locale shown now; read `.value` in a render to follow changes. */
export const currentLocale = ref<Locale>(chooseLocale({ stored: storedLocale(storage), browser }))

function apply(locale: Locale): void {
  currentLocale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** LIFF has started: its language decides, unless the customer chose one in settings. */
export function applyLineLanguage(line: string | null | undefined): void {
  apply(chooseLocale({ stored: storedLocale(storage), line, browser }))
}

/** The switch in settings: remembered on this device and wins over the detected language. */
export function chooseLanguage(locale: Locale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // storage unavailable: the choice lasts for this page only
  }
  apply(locale)
}

export interface I18n {
  /** The locale when called (setup time); pages are rebuilt when it changes. */
  locale: Locale
  t: (key: MessageKey, params?: MessageParams) => string
  /** A pair kept outside the main catalogue (sandbox, profile, consent texts) in the page's language. */
  tr: (pair: MessagePair, params?: MessageParams) => string
  /** `{ main }` form of `tr`, kept for the admin console's callers. */
  pair: (pair: MessagePair, params?: MessageParams) => { main: string }
}

type Catalogue = Partial<Record<MessageKey, MessagePair>>

// The card's strings from the start; the other pages' come with them (routed-app.ts calls addMessages).
let catalogue: Catalogue = cardMessages
const lookup = (key: MessageKey): MessagePair => catalogue[key] ?? [key, key]

/** Adds strings loaded with a later chunk to the catalogue `t` reads. */
export function addMessages(more: Catalogue): void {
  catalogue = { ...catalogue, ...more }
}

const tr: I18n['tr'] = (p, params) => format(p, currentLocale.value, params)
const t: I18n['t'] = (key, params) => tr(lookup(key), params)
const pair: I18n['pair'] = (p, params) => ({ main: tr(p, params) })

export function useI18n(): I18n {
  return { locale: currentLocale.value, t, tr, pair }
}
