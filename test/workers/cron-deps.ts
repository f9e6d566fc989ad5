// The app's dependencies on this test's D1 with a clock the test moves, as the Worker's cron wires them, and the
// next invocation five minutes on (the cron's interval).
import { env } from 'cloudflare:workers'
import { openD1 } from '../../db/d1'
import { loadConfig } from '../../server/config'
import { jobDeps } from '../support/job-deps'

export function cronDeps(start: Date) {
  const config = loadConfig(env as unknown as Record<string, unknown>)
  const clock = { now: start }
  const now = () => clock.now
  const deps = jobDeps(config, openD1(env.DB), now)
  const nextInvocation = () => {
    clock.now = new Date(clock.now.getTime() + 5 * 60_000)
    return clock.now
  }
  return { deps, db: deps.db, clock, nextInvocation }
}
