// The messaging sandbox in this thread, reached through `fetch` without sockets: measures the sender and the
// sandbox's own work with no HTTP stack in between (the machine's loopback HTTP is measured by sandbox-thread.ts).
import { createMessagingSandbox, type SandboxLimits } from '../../server/sandbox/messaging'
import type { SandboxRecord } from '../../server/sandbox/messaging'
import type { SandboxSummary, SandboxThread } from './sandbox-thread'

export function summarize(record: SandboxRecord): SandboxSummary {
  let delivered = 0
  let duplicates = 0
  for (const messages of record.inbox.values()) {
    delivered += messages.length
    duplicates += messages.length - 1
  }
  let firstAt = Infinity
  let lastAt = 0
  let push = 0
  let maxRecipients = 0
  for (const r of record.requests) {
    firstAt = Math.min(firstAt, r.acceptedAt)
    lastAt = Math.max(lastAt, r.acceptedAt)
    if (r.kind === 'push') push++
    maxRecipients = Math.max(maxRecipients, r.to.length)
  }
  const requests = record.requests.length
  // The most send requests accepted within any one second (what the sandbox's limiter counts), and the fewest in
  // any whole second from the first to the last (how steady the sender was).
  const times = record.requests.map((r) => r.acceptedAt).sort((a, b) => a - b)
  let busiestSecond = 0
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= 1000) lo++
    busiestSecond = Math.max(busiestSecond, hi - lo + 1)
  }
  const perSecond = new Array<number>(Math.floor(((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000)).fill(0)
  for (const t of times) {
    const k = Math.floor((t - times[0]!) / 1000)
    if (k < perSecond.length) perSecond[k]!++
  }
  return {
    requests,
    push,
    multicast: requests - push,
    maxRecipients,
    users: record.inbox.size,
    delivered,
    duplicates,
    firstAt: requests ? firstAt : 0,
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
