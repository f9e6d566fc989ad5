// index.html with the public config written into it, so the LIFF app needs no GET /api/config before LIFF starts.
// Used by the Node server (static-assets.ts) and the Worker (worker-page.ts); no Node or Workers APIs here.
import type { PublicConfig } from './routes/public-config'

/** index.html's preload of /api/config (liff-app/index.html): where the config goes instead. */
const CONFIG_PRELOAD = /<link rel="preload" href="\/api\/config"[^>]*>/

/**
 * index.html with the public config as a JSON script (liff-app/src/api/config.ts reads it) in place of its preload
 * of /api/config. `<` is escaped, so no value (the shop name is free text) can close the script element.
 */
export function withPublicConfig(html: string, config: PublicConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c')
  return html.replace(CONFIG_PRELOAD, () => `<script id="app-config" type="application/json">${json}</script>`)
}
