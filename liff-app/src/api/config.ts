// GET /api/config: public settings the app needs before LIFF starts (preloaded by index.html).

import { requestJson } from './http'

export interface AppConfig {
  sandbox: boolean
  liffId: string
  shopName: string
  timeZone: string
}

export function fetchConfig(): Promise<AppConfig> {
  return requestJson<AppConfig>('/api/config', { preloaded: true })
}
