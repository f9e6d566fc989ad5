// The key a client address is counted under: an IPv4 address as is, an IPv6 address by its /64 (one subscriber's
// network: rotating addresses inside it must not buy more requests).

/** `203.0.113.5` and `::ffff:203.0.113.5` → `203.0.113.5`; `2001:db8:1:2:aa::1` → `2001:db8:1:2::/64`. */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::')
  const groups = head ? head.split(':') : []
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : []
    groups.push(...Array<string>(Math.max(0, 8 - groups.length - rest.length)).fill('0'), ...rest)
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}
