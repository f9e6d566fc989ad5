// The messaging sandbox in this thread, reached through `fetch` without sockets: measures the sender and the
// sandbox's own work with no HTTP stack in between (the machine's loopback HTTP is measured by sandbox-thread.ts).
import { createMessagingSandbox, type SandboxLimits } from '../../server/sandbox/messaging'
import type { SandboxRecord } from '../../server/sandbox/messaging'
import type { SandboxSummary, SandboxThread } from './sandbox-thread'

/** What the sandbox accepted, from its exact counts (it keeps only recent messages and requests as objects). */
export function summarize(record: SandboxRecord): SandboxSummary {
  let delivered = 0
  let duplicates = 0
  for (const count of record.delivered.values()) {
    delivered += count
    duplicates += count - 1
  }
  const { accepted } = record
  const requests = accepted.requests
  const push = accepted.byKind.push
  const maxRecipients = accepted.maxRecipients
  // The most send requests accepted within any one second (what the sandbox's limiter counts), and the fewest in
  // any whole second from the first to the last (how steady the sender was).
  const times = accepted.acceptedAt.slice(0, requests).sort()
  const firstAt = times[0] ?? 0
  const lastAt = times.at(-1) ?? 0
  let busiestSecond = 0
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1000) lo++
    busiestSecond = Math.max(busiestSecond, hi - lo + 1)
  }
  const perSecond = new Array<number>(Math.floor((lastAt - firstAt) / 1000)).fill(0)
  for (const t of times) {
    const k = Math.floor((t - firstAt) / 1000)
    if (k < perSecond.length) perSecond[k]!++
  }
  return {
    requests,
    push,
    multicast: requests - push,
    maxRecipients,
    users: record.delivered.size,
    delivered,
    duplicates,
    firstAt,
    lastAt,
    busiestSecond,
    slowestSecond: perSecond.length ? Math.min(...perSecond) : 0,
    perSecond,
  }
}

/** Routes `fetch` calls for its made-up origin into the sandbox app; `close` restores the real `fetch`. */
export function startSandboxInMemory(channelAccessToken: string, limits: Partial<SandboxLimits>): SandboxThread {
  const sandbox = createMessagingSandbox({ channelAccessToken, limits })
  const url = 'http://line-sandbox.invalid'
  const realFetch = globalThis.fetch
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const href = input instanceof Request ? input.url : String(input)
    return href.startsWith(url) ? Promise.resolve(sandbox.app.fetch(new Request(input, init))) : realFetch(input, init)
  }) as typeof fetch
  return {
    url,
    summary: async () => summarize(sandbox.record),
    reset: async () => {
      sandbox.reset()
      Object.assign(sandbox.limits, limits)
    },
    close: async () => {
      globalThis.fetch = realFetch
    },
  }
}
