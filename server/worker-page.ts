// The Worker's answer to a page request (wrangler.toml runs the Worker first for every path but /assets/*): the
// asset the platform would have served (index.html for app paths, `not_found_handling`), with the public config
// written into the HTML.
import type { Config } from './config'
import { withPublicConfig } from './public-page'
import { appPageHeaders } from './security-headers'
import { publicConfigOf } from './routes/public-config'

/** The `[assets] binding` of wrangler.toml, as far as this module uses it. */
export interface AssetsFetcher {
  fetch(request: Request): Promise<Response>
}

/**
 * Paths the Hono app answers (server/app.ts): the API, the webhook, the sandbox, the health checks, and the pages it
 * renders itself — the legal pages and the account-link login page LINE sends the browser to. Everything else that
 * reaches the Worker is a page or a file of the LIFF app (`/account-link` alone is the app's own page). Kept by
 * hand; a test checks every GET route of the app against it.
 */
const serverPaths = /^\/(api|webhook|sandbox|legal|r)(\/|$)|^\/(healthz|readyz)$|^\/account-link\/login$/

export function isAppPage(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  return !serverPaths.test(new URL(request.url).pathname)
}

/**
 * `timeZone`: the shop's (`Shop.timeZone`), looked up only for an HTML page and awaited within this request (a D1 read
 * left pending when the request ends would never settle for the next one that shares the shop's settings cache);
 * TIME_ZONE without it.
 */
export async function serveAppPage(
  request: Request,
  assets: AssetsFetcher,
  config: Config,
  timeZone?: () => Promise<string>,
): Promise<Response> {
  // Without conditional headers, so the answer is never a 304 for a page whose config may have changed (the headers
  // that tell a navigation apart, which the single-page-application fallback looks at, are kept).
  const headers = new Headers(request.headers)
  headers.delete('if-none-match')
  headers.delete('if-modified-since')
  const res = await assets.fetch(new Request(request.url, { method: request.method, headers }))
  if (!res.ok || !res.headers.get('content-type')?.startsWith('text/html')) return res
  const out = new Headers(res.headers)
  out.delete('etag')
  out.delete('content-length')
  out.set('cache-control', 'no-cache')
  const html = await res.text()
  const path = new URL(request.url).pathname
  const [pageHeaders, zone] = await Promise.all([
    appPageHeaders(html, path, config),
    request.method === 'HEAD' ? undefined : timeZone?.(),
  ])
  for (const [name, value] of Object.entries(pageHeaders)) out.set(name, value)
  const body = request.method === 'HEAD' ? null : withPublicConfig(html, publicConfigOf(config, zone))
  return new Response(body, { status: res.status, headers: out })
}
