// Public app settings from GET /api/config.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppConfig } from '../api/config'

export const useConfigStore = defineStore('config', () => {
  const shopName = ref('')
  const timeZone = ref('Asia/Tokyo')
  const sandbox = ref(false)

  function apply(config: AppConfig) {
    shopName.value = config.shopName
    timeZone.value = config.timeZone || 'Asia/Tokyo'
    sandbox.value = config.sandbox
  }

  return { shopName, timeZone, sandbox, apply }
})
