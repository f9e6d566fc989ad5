// `t` in the one language the page shows. LIFF's language (known once it has started) or the switch in settings can
// change it: the apps listen (onLocaleChange in app-shell.ts, routed-app.ts) and rebuild their page in the new one.
// No Vue ref here: importing Vue from this module makes the bundler split Vue out of the card's entry (+1 KB gzip).
// The card's English strings are a lazy chunk (its import is app-shell.ts's, setEnglishLoader: a dynamic import in
// here also splits Vue out), loaded before anything is shown in English.
import { cardMessages } from './card-messages'
import { chooseLocale, storedLocale } from './locale-choice'
import type { MessageKey } from './messages'
import { fill, format, type Locale, type MessagePair, type MessageParams } from './translate'

const storage = typeof localStorage === 'undefined' ? undefined : localStorage
const browser = typeof navigator === 'undefined' ? undefined : navigator.language

/** The locale shown now. */
export const currentLocale: { value: Locale } = { value: chooseLocale({ stored: storedLocale(storage), browser }) }
const listeners = new Set<(locale: Locale) => void>()

/** Calls `listener` whenever the locale changes (the app's lifetime: the page is rebuilt, never torn down). */
export function onLocaleChange(listener: (locale: Locale) => void): void {
  listeners.add(listener)
}

type Table = Partial<Record<MessageKey, string>>
const tables: Record<Locale, Table> = { ja: { ...cardMessages }, en: {} }
let english: Promise<void> | undefined
let englishLoader: () => Promise<Table> = () => Promise.resolve({})

/** Where the card's English strings come from (a dynamic import in app-shell.ts). */
export function setEnglishLoader(loader: () => Promise<Table>): void {
  englishLoader = loader
}

/** The strings `locale` needs for the card: English is fetched once, the first time it is asked for. */
export function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'ja') return Promise.resolve()
  return (english ??= englishLoader().then((card) => {
    tables.en = { ...card, ...tables.en }
  }))
}

/** Shows `locale` (its strings loaded first) and rebuilds the pages listening; settings' switch calls it too. */
export async function applyLocale(locale: Locale): Promise<void> {
  // Both locales' loads settle in the order asked (one shared English load), so the last choice wins. A chunk that
  // does not load leaves the card's keys in Japanese, still readable.
  await loadLocale(locale).catch(() => undefined)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
  if (locale === currentLocale.value) return
  currentLocale.value = locale
  for (const listener of listeners) listener(locale)
}

/** LIFF has started: its language decides, unless the customer chose one in settings. */
export function applyLineLanguage(line: string | null | undefined): Promise<void> {
  return applyLocale(chooseLocale({ stored: storedLocale(storage), line, browser }))
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

/** Adds strings loaded with a later chunk (as [ja, en] pairs) to the tables `t` reads. */
export function addMessages(more: Partial<Record<MessageKey, MessagePair>>): void {
  for (const [key, [ja, en]] of Object.entries(more) as [MessageKey, MessagePair][]) {
    tables.ja[key] = ja
    tables.en[key] = en
  }
}

const tr: I18n['tr'] = (p, params) => format(p, currentLocale.value, params)
const t: I18n['t'] = (key, params) => {
  return fill(tables[currentLocale.value][key] ?? tables.ja[key] ?? key, params)
}
const pair: I18n['pair'] = (p, params) => ({ main: tr(p, params) })

export function useI18n(): I18n {
  return { locale: currentLocale.value, t, tr, pair }
}
