// /__sandbox/*: JSON endpoints that let tests, pages and benchmarks in other processes drive the sandbox.
import { Hono } from 'hono'
import type { SandboxEnv, SandboxState } from './context'
import { patchFaults } from './faults'
import { patchLimits } from './limits'
import type { SandboxRecord } from './record'

/**
 * A JSON view of the record; `user` narrows the inbox, `limit` caps the requests listed (latest first). The record
 * keeps only recent messages and requests (record.ts): `requestCount` and `delivered` count all of them, so a
 * reader can tell what was dropped (`delivered[user]` beyond the length of `inbox[user]`).
 */
export function recordSnapshot(record: SandboxRecord, options: { user?: string; limit?: number } = {}) {
  const limit = options.limit ?? 100
  const inbox = options.user
    ? { [options.user]: record.inbox.get(options.user) ?? [] }
    : Object.fromEntries(record.inbox)
  return {
    requestCount: record.accepted.requests,
    requests: record.requests
      .slice(Math.max(0, record.requests.length - limit))
      .reverse()
      .map((r) => ({ ...r, messageCount: r.messages.length })),
    inbox,
    delivered: Object.fromEntries(Object.keys(inbox).map((user) => [user, record.delivered.get(user) ?? 0])),
    linkTokens: Object.fromEntries(record.linkTokens),
    richMenus: [...record.richMenus.values()],
    richMenuAliases: Object.fromEntries(record.richMenuAliases),
    defaultRichMenuId: record.defaultRichMenuId,
    userRichMenus: Object.fromEntries(record.userRichMenus),
    blocked: [...record.blocked],
    consumption: Object.fromEntries(record.consumption),
  }
}

export function controlRoutes(state: SandboxState, reset: () => void): Hono<SandboxEnv> {
  return new Hono<SandboxEnv>()
    .get('/__sandbox/faults', (c) => c.json(state.faults))
    .put('/__sandbox/faults', async (c) => {
      const problem = patchFaults(state.faults, await c.req.json().catch(() => null))
      return problem ? c.json({ message: problem }, 400) : c.json(state.faults)
    })
    .get('/__sandbox/limits', (c) => c.json(state.limits))
    .put('/__sandbox/limits', async (c) => {
      const problem = patchLimits(state.limits, await c.req.json().catch(() => null))
      return problem ? c.json({ message: problem }, 400) : c.json(state.limits)
    })
    .get('/__sandbox/record', (c) => {
      const limit = Number(c.req.query('limit') ?? 100)
      return c.json(
        recordSnapshot(state.record, { user: c.req.query('user'), limit: Number.isFinite(limit) ? limit : 100 }),
      )
    })
    .post('/__sandbox/reset', (c) => {
      reset()
      return c.json({ ok: true })
    })
}
