// Every page but the card's first paint: vue-router with the routes of router.ts, loaded on demand by main.ts.

import type { Pinia } from 'pinia'
import { createApp, h, type App as VueApp } from 'vue'
import { RouterView } from 'vue-router'
import App from './App.vue'
import { setNavigator } from './navigation'
import { createAppRouter } from './router'

/**
 * Create the routed app for the current URL and wait until its page (a lazy chunk) is loaded; the caller mounts it,
 * so whatever is on screen stays there until the new page can replace it.
 */
export async function createRoutedApp(pinia: Pinia): Promise<VueApp> {
  const router = createAppRouter()
  const app = createApp(() => h(App, null, { default: () => h(RouterView) }))
    .use(pinia)
    .use(router)
  await router.isReady()
  setNavigator((to) => router.push(to))
  return app
}
