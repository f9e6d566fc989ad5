// Which URLs webhook requests may be forwarded to: https to a public address in production (no SSRF into the
// server's own network), anything http(s) against the sandbox in development; at most `maxForwardTargets`.

/** Forward targets a shop may configure: a request is sent to each, so every one multiplies the work per event. */
export const maxForwardTargets = 5

export type ForwardTargetRefusal =
  | 'not_a_url'
  | 'not_https'
  | 'has_credentials'
  | 'private_address'
  | 'too_many'
  | 'duplicate'

const privateNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i

function privateIpv4(host: string): boolean | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  if (!m) return null
  const [a, b] = [Number(m[1]), Number(m[2])]
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b < 128) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata services
    (a === 172 && b >= 16 && b < 32) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  )
}

function privateIpv6(host: string): boolean | null {
  if (!host.startsWith('[')) return null
  const ip = host.slice(1, -1).toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)
  if (mapped) return privateIpv4(mapped[1]!) ?? true
  // The URL parser writes a mapped address in hex (::ffff:7f00:1): refuse every mapped form rather than decode it.
  if (ip.startsWith('::ffff:')) return true
  return ip === '::' || ip === '::1' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip) || /^ff/.test(ip)
}

/**
 * Why `raw` cannot be a forward target, or null when it can. Only the URL is judged: a public name that resolves to
 * a private address is not caught here (Workers cannot reach private networks; on Node, run behind an egress policy).
 */
export function forwardTargetRefusal(raw: string, development: boolean): ForwardTargetRefusal | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'not_a_url'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not_a_url'
  if (url.username || url.password) return 'has_credentials'
  if (development) return null
  if (url.protocol !== 'https:') return 'not_https'
  const host = url.hostname
  if (privateIpv4(host) ?? privateIpv6(host) ?? privateNames.test(host.replace(/\.$/, ''))) return 'private_address'
  if (!host.includes('.')) return 'private_address'
  return null
}

/** The first refusal of a whole list, with the offending URL; null when the list can be saved. */
export function forwardTargetsRefusal(
  urls: readonly string[],
  development: boolean,
): { url: string | null; reason: ForwardTargetRefusal } | null {
  if (urls.length > maxForwardTargets) return { url: null, reason: 'too_many' }
  for (const [i, url] of urls.entries()) {
    if (urls.indexOf(url) < i) return { url, reason: 'duplicate' }
    const reason = forwardTargetRefusal(url, development)
    if (reason) return { url, reason }
  }
  return null
}
