// The Vue part of start-up, loaded by main.ts next to LIFF: mounts the card at `/` without vue-router, or the routed
// app (routed-app.ts) for any other path; following a link from the card swaps in the routed app at the new path.

import { createApp, h } from 'vue'
import type { AppConfig } from './api/config'
import App from './App.vue'
import FatalScreen from './components/FatalScreen.vue'
import { describeError } from './errors/describe'
import { useI18n } from './i18n/useI18n'
import { setNavigator } from './navigation'
import CardPage from './pages/CardPage.vue'
import { useConfigStore } from './stores/config'
import './styles.css'

const routed = () => import('./routed-app')

/** The card alone; following a link from it swaps in the routed app at the new path (a real history entry). */
function mountCard(): void {
  const card = createApp(() => h(App, null, { default: () => h(CardPage) }))
  setNavigator(async (to) => {
    try {
      const { createRoutedApp } = await routed()
      history.pushState(null, '', to)
      const app = await createRoutedApp()
      card.unmount()
      app.mount('#app')
    } catch {
      location.assign(to) // a chunk did not load (flaky network): a full page load of `to` shows it, or why not
    }
  })
  card.mount('#app')
}

export async function mountApp(config: AppConfig): Promise<void> {
  document.documentElement.lang = useI18n().locale
  useConfigStore().apply(config)
  if (location.pathname === import.meta.env.BASE_URL) mountCard()
  else {
    const { createRoutedApp } = await routed()
    ;(await createRoutedApp()).mount('#app')
  }
}

/** Start-up failed (config, LIFF init, login): an error screen with a reload button instead of the app. */
export function showFatal(err: unknown): void {
  const target = document.querySelector('#app')
  if (target) target.innerHTML = ''
  createApp(FatalScreen, { error: describeError(err) }).mount('#app')
}
