// Public app settings (injected into index.html, or GET /api/config) as reactive state. A plain reactive object,
// not a Pinia store, so the card's first paint does not need Pinia.

import { reactive } from 'vue'
import type { AppConfig } from '../api/config'

const config = reactive({
  shopName: '',
  timeZone: 'Asia/Tokyo',
  sandbox: false,
  apply(next: AppConfig) {
    config.shopName = next.shopName
    config.timeZone = next.timeZone || 'Asia/Tokyo'
    config.sandbox = next.sandbox
  },
})

export function useConfigStore() {
  return config
}
