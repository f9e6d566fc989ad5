// Entry: read /api/config, start LIFF (real LINE, or the lazily loaded sandbox), then mount the app.

import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { fetchConfig } from './api/config'
import FatalScreen from './components/FatalScreen.vue'
import { describeError } from './errors/describe'
import { useI18n } from './i18n/useI18n'
import { createAppRouter } from './router'
import { lineIdTokens, startLineLiff, type IdTokenProvider } from './session/id-token-provider'
import { useConfigStore } from './stores/config'
import { useSessionStore } from './stores/session'
import './styles.css'

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
  useSessionStore(pinia).configure(idTokens)
  createApp(App).use(pinia).use(createAppRouter()).mount('#app')
}

boot().catch((err: unknown) => {
  console.error('Tsunagu failed to start', err)
  const target = document.querySelector('#app')
  if (target) target.innerHTML = ''
  createApp(FatalScreen, { error: describeError(err) }).mount('#app')
})
