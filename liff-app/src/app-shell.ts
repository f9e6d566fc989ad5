// The Vue part of start-up, imported by main.ts (the same file): mounts the card at `/` without vue-router, or the
// routed app (routed-app.ts) for any other path; following a link from the card swaps in the routed app at the new path.

import { createApp, h, ref, type App as VueApp } from 'vue'
import type { AppConfig } from './api/config'
import App from './App.vue'
import FatalScreen from './components/FatalScreen.vue'
import { addErrorTextsEn, describeError } from './errors/describe'
import { currentLocale, loadLocale, onLocaleChange, setEnglishLoader } from './i18n/useI18n'
import { setNavigator } from './navigation'
import CardPage from './card/CardPage.vue'
import { useConfigStore } from './stores/config'
import './styles.css'

const routed = () => import('./routed-app')
setEnglishLoader(async () => {
  const [{ cardMessagesEn }, { errorTextsEn }] = await Promise.all([
    import('./i18n/card-messages-en'),
    import('./errors/describe-en'),
  ])
  addErrorTextsEn(errorTextsEn)
  return cardMessagesEn
})

/** The app mounted on `#app` now (the card, the routed app or the error screen). */
let mounted: VueApp | null = null

function show(app: VueApp): void {
  mounted?.unmount()
  mounted = app
  app.mount('#app')
}

/** The routed app's factory (it builds the app at the current path); its pages may call LIFF, so once it has started. */
async function loadRoutedApp(liffStarted: () => Promise<unknown>): Promise<() => Promise<VueApp>> {
  const [{ createRoutedApp }] = await Promise.all([routed(), liffStarted()])
  return createRoutedApp
}

/** The card alone; following a link from it swaps in the routed app at the new path (a real history entry). */
function mountCard(liffStarted: () => Promise<unknown>): void {
  setNavigator(async (to) => {
    try {
      const createRoutedApp = await loadRoutedApp(liffStarted)
      history.pushState(null, '', to)
      show(await createRoutedApp())
    } catch {
      location.assign(to) // a chunk did not load (flaky network): a full page load of `to` shows it, or why not
    }
  })
  const locale = ref(currentLocale.value)
  onLocaleChange((l) => (locale.value = l)) // the card again, in the new language
  show(createApp(() => h(App, null, { default: () => h(CardPage, { key: locale.value }) })))
}

/**
 * Mounts the page at the current path: the card at once (it needs only the session), any other once LIFF has
 * started (`liffStarted` starts it if nothing has yet).
 */
export async function mountApp(config: AppConfig, liffStarted: () => Promise<unknown>): Promise<void> {
  document.documentElement.lang = currentLocale.value
  await loadLocale(currentLocale.value).catch(() => undefined) // English: the card's strings first (a lazy chunk)
  useConfigStore().apply(config)
  if (location.pathname === import.meta.env.BASE_URL) mountCard(liffStarted)
  else show(await (await loadRoutedApp(liffStarted))())
}

/** Start-up failed (config, LIFF init, login): an error screen with a reload button instead of the app. */
export function showFatal(err: unknown): void {
  if (!mounted) {
    const target = document.querySelector('#app')
    if (target) target.innerHTML = '' // the boot spinner, or what a sandbox persona picker left
  }
  show(createApp(FatalScreen, { error: describeError(err) }))
}
