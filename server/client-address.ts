// The client's address on Node, for per-client limits: the socket's peer, or the header a configured proxy sets.
import { getConnInfo } from '@hono/node-server/conninfo'
import type { ClientAddress } from './env'

/**
 * With no `header`, the TCP peer (a header such as X-Forwarded-For is written by the client, so it is never read).
 * Behind a reverse proxy, `header` (CLIENT_IP_HEADER) names the one it sets; of a list (X-Forwarded-For), the last
 * entry is the one that proxy appended.
 */
export function nodeClientAddress(header?: string): ClientAddress {
  if (header) return (c) => c.req.header(header)?.split(',').at(-1)?.trim() || undefined
  return (c) => {
    try {
      return getConnInfo(c).remote.address
    } catch {
      return undefined // `app.request()` in-process: no socket behind the request
    }
  }
}
