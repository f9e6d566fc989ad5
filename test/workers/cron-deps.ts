// The app's dependencies on this test's D1 with a clock the test moves, as the Worker's cron wires them, and the
// next invocation five minutes on (the cron's interval).
import { env } from 'cloudflare:workers'
import { openD1 } from '../../db/d1'
import { loadConfig } from '../../server/config'
import type { AppDeps } from '../../server/env'
import { createLinePlatform } from '../../server/line/platform'
import { createMemoryRateLimiter } from '../../server/rate-limit/limiter'

export function cronDeps(start: Date) {
  const config = loadConfig(env as unknown as Record<string, unknown>)
  const clock = { now: start }
  const now = () => clock.now
  const deps: AppDeps = {
    config,
    db: openD1(env.DB),
    line: createLinePlatform(config.line, now),
    clock: now,
    background: () => {},
    rateLimiter: createMemoryRateLimiter(now),
    clientAddress: () => undefined,
  }
  const nextInvocation = () => {
    clock.now = new Date(clock.now.getTime() + 5 * 60_000)
    return clock.now
  }
  return { deps, db: deps.db, clock, nextInvocation }
}
