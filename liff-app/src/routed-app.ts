// Every page but the card's first paint: vue-router with the routes of router.ts, loaded on demand by app-shell.ts.
// Pinia (the staff checkout store) and the strings of these pages come with it; the card needs none of them.

import { createPinia } from 'pinia'
import { createApp, h, ref, type App as VueApp } from 'vue'
import { RouterView } from 'vue-router'
import App from './App.vue'
import { addMessages, currentLocale, onLocaleChange } from './i18n/useI18n'
import { pageMessages } from './i18n/messages'
import { setNavigator } from './navigation'
import { createAppRouter } from './router'

const pinia = createPinia()
addMessages(pageMessages)

/**
 * Create the routed app for the current URL and wait until its page (a lazy chunk) is loaded; the caller mounts it,
 * so whatever is on screen stays there until the new page can replace it.
 */
export async function createRoutedApp(): Promise<VueApp> {
  const router = createAppRouter()
  const locale = ref(currentLocale.value)
  onLocaleChange((l) => (locale.value = l)) // the page again, in the new language
  const app = createApp(() => h(App, null, { default: () => h(RouterView, { key: locale.value }) }))
    .use(pinia)
    .use(router)
  await router.isReady()
  setNavigator((to) => router.push(to))
  return app
}
