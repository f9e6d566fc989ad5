// Security headers for every HTML page, on Node and on the Worker: a Content-Security-Policy per kind of page that
// allows what that page loads, nosniff, no referrer, and no framing. No Node or Workers APIs here.
import type { Config } from './config'

/**
 * Headers every page carries.
 * - Referrer-Policy `no-referrer`: LIFF pages carry credentials in their URL (the launch fragment, LINE Login's `code`
 *   and `liff.state` in the query, the account-link `ticket`); nothing the app or LINE needs reads a Referer.
 * - Framing: LINE opens a LIFF URL as a top-level page (the LIFF browser is a webview of its own; liff.line.me and
 *   LINE Login redirect to the endpoint URL, they do not frame it), so no page needs to be framed, and the admin
 *   console and the member-number + birthday forms must not be (clickjacking).
 */
const commonHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
}

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}

const locked = { 'base-uri': ["'none'"], 'object-src': ["'none'"], 'frame-ancestors': ["'none'"] }

/** What LIFF's SDK itself loads (it runs on every page of the app, the card loads it after its first paint). */
const liffSources = {
  // LIFF's iOS extensions and LINE's alert UI, loaded as <script> elements.
  script: ['https://static.line-scdn.net'],
  // The LIFF server API, LINE Login, the SDK's translations.
  connect: ['https://api.line.me', 'https://access.line.me', 'https://liffsdk.line-scdn.net'],
  // Subwindow messaging (scanCodeV2 inside LINE).
  frame: ['https://liff-subwindow.line.me'],
  // Profile pictures (LIFF's getProfile pictureUrl).
  img: ['https://profile.line-scdn.net', 'https://obs.line-scdn.net'],
}

/** Where the sandbox's login and Messaging API live when it is not this origin (`LINE_SANDBOX_URL`, sandbox only). */
function sandboxOrigins(config: Pick<Config, 'sandbox' | 'sandboxUrl'>): string[] {
  return config.sandbox ? [new URL(config.sandboxUrl).origin] : []
}

/**
 * SHA-256 sources of index.html's inline scripts (the launch script), hashed from the HTML as served, so a rebuilt
 * page is allowed without a hand-kept hash. Data blocks (`type="application/json"`, the public config) never run.
 */
async function inlineScriptHashes(html: string): Promise<string[]> {
  const hashes: string[] = []
  for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=/.test(attrs!) || /\btype="(?!module"|text\/javascript")/.test(attrs!)) continue
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))
    hashes.push(`'sha256-${btoa(String.fromCharCode(...digest))}'`)
  }
  return hashes
}

let hashed: { html: string; hashes: Promise<string[]> } | undefined

/** Headers for a page of the LIFF app (index.html at any app path): the card, staff and admin pages differ. */
export async function appPageHeaders(
  html: string,
  path: string,
  config: Pick<Config, 'sandbox' | 'sandboxUrl'>,
): Promise<Record<string, string>> {
  if (hashed?.html !== html) hashed = { html, hashes: inlineScriptHashes(html) }
  const staff = path === '/staff' || path.startsWith('/staff/')
  const admin = path === '/admin' || path.startsWith('/admin/')
  const csp = policy({
    'default-src': ["'self'"],
    // LIFF's subwindow (scanCodeV2, the staff scanner inside LINE) runs its message handler with `eval` in an
    // about:blank frame, which inherits this policy: only the staff pages allow it.
    'script-src': ["'self'", ...(await hashed.hashes), ...liffSources.script, ...(staff ? ["'unsafe-eval'"] : [])],
    // LINE's alert UI (static.line-scdn.net) inserts its own styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    // The QR is a data: bitmap, exports are blob: downloads; campaign previews show the admin's own image URLs.
    'img-src': ["'self'", 'data:', 'blob:', ...liffSources.img, ...(admin ? ['https:'] : [])],
    'connect-src': ["'self'", ...liffSources.connect, ...sandboxOrigins(config)],
    'frame-src': liffSources.frame,
    'form-action': ["'self'"],
    ...locked,
  })
  return { ...commonHeaders, 'Content-Security-Policy': csp }
}

/**
 * Headers for the pages the server renders itself (legal pages, the account-link login form, the sandbox's pages):
 * no script (but the event handlers named by hash), their own inline styles. Forms post to this origin; the account-link form then redirects to
 * LINE's account-link dialog (or the sandbox's), which `form-action` also governs.
 */
export function serverPageHeaders(
  config: Pick<Config, 'sandbox' | 'sandboxUrl'>,
  /** SHA-256 (base64) of inline event handlers the pages carry (the sandbox inbox's user picker). */
  handlerHashes: string[] = [],
): Record<string, string> {
  const csp = policy({
    'default-src': ["'none'"],
    ...(handlerHashes.length > 0
      ? { 'script-src-attr': ["'unsafe-hashes'", ...handlerHashes.map((h) => `'sha256-${h}'`)] }
      : {}),
    'style-src': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', ...(config.sandbox ? ['https:'] : [])],
    'form-action': ["'self'", 'https://access.line.me', ...sandboxOrigins(config)],
    ...locked,
  })
  return { ...commonHeaders, 'Content-Security-Policy': csp }
}
