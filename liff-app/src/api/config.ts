// The public settings the app needs before LIFF starts: written into index.html by the Node server, else
// GET /api/config (preloaded by index.html, so it is on its way alongside the entry script).

import type { PublicConfig } from '../../../server/routes/public-config'
import { requestJson } from './http'

export type AppConfig = PublicConfig

export function fetchConfig(): Promise<AppConfig> {
  const inline = document.getElementById('app-config')?.textContent
  if (inline) return Promise.resolve(JSON.parse(inline) as AppConfig)
  return requestJson<AppConfig>('/api/config', { preloaded: true })
}
