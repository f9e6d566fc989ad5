// GET /v2/bot/message/quota and /quota/consumption.
import { Hono } from 'hono'
import type { SandboxEnv, SandboxState } from '../context'
import { quotaMonth } from '../limits'

export function quotaRoutes(state: SandboxState): Hono<SandboxEnv> {
  return new Hono<SandboxEnv>()
    .get('/v2/bot/message/quota', (c) => {
      const limit = state.limits.monthlyQuota
      return c.json(limit === null ? { type: 'none' } : { type: 'limited', value: limit })
    })
    .get('/v2/bot/message/quota/consumption', (c) =>
      c.json({ totalUsage: state.record.consumption.get(quotaMonth(state.now())) ?? 0 }),
    )
}
