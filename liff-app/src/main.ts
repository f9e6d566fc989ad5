// Entry: read /api/config, start LIFF (real LINE, or the lazily loaded sandbox), then mount the app. The card at `/`
// mounts directly, without vue-router; any other path, or the first link followed from the card, loads the router.

import { createPinia, type Pinia } from 'pinia'
import { createApp, h } from 'vue'
import App from './App.vue'
import { fetchConfig } from './api/config'
import FatalScreen from './components/FatalScreen.vue'
import { describeError } from './errors/describe'
import { useI18n } from './i18n/useI18n'
import { setNavigator } from './navigation'
import CardPage from './pages/CardPage.vue'
import { lineIdTokens, startLineLiff, type IdTokenProvider } from './session/id-token-provider'
import { useConfigStore } from './stores/config'
import { useSessionStore } from './stores/session'
import './styles.css'

const routed = () => import('./routed-app')

/** The card alone; following a link from it swaps in the routed app at the new path (a real history entry). */
function mountCard(pinia: Pinia): void {
  const card = createApp(() => h(App, null, { default: () => h(CardPage) })).use(pinia)
  setNavigator(async (to) => {
    try {
      const { createRoutedApp } = await routed()
      history.pushState(null, '', to)
      const app = await createRoutedApp(pinia)
      card.unmount()
      app.mount('#app')
    } catch {
      location.assign(to) // a chunk did not load (flaky network): a full page load of `to` shows it, or why not
    }
  })
  card.mount('#app')
}

async function mountRouted(pinia: Pinia): Promise<void> {
  const { createRoutedApp } = await routed()
  ;(await createRoutedApp(pinia)).mount('#app')
}

async function boot(): Promise<void> {
  document.documentElement.lang = useI18n().locale
  const config = await fetchConfig()

  let idTokens: IdTokenProvider
  if (__SANDBOX__ && config.sandbox) {
    const { startSandboxLiff } = await import('./sandbox/start')
    idTokens = await startSandboxLiff(config.liffId, config.shopName)
  } else {
    if (!(await startLineLiff(config.liffId))) return // on the way to LINE Login; it will bring us back here
    idTokens = lineIdTokens()
  }

  const pinia = createPinia()
  useConfigStore(pinia).apply(config)
  const session = useSessionStore(pinia)
  session.configure(idTokens)
  // Ask for the session (which answers the card too) now, not after the first render; if it fails, the page's own
  // call asks once more and shows the error.
  session.sessionToken().catch(() => undefined)
  if (location.pathname === import.meta.env.BASE_URL) mountCard(pinia)
  else await mountRouted(pinia)
}

boot().catch((err: unknown) => {
  console.error('Tsunagu failed to start', err)
  const target = document.querySelector('#app')
  if (target) target.innerHTML = ''
  createApp(FatalScreen, { error: describeError(err) }).mount('#app')
})
