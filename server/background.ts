// Work that must outlive the response: the Workers `waitUntil` of this request, or the Node tracker.
import type { Context } from 'hono'
import type { AppEnv } from './env'

export function runInBackground(c: Context<AppEnv>, work: Promise<unknown>): void {
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined
  try {
    ctx = c.executionCtx
  } catch {
    ctx = undefined // Node: Hono has no ExecutionContext there.
  }
  if (ctx) ctx.waitUntil(work)
  else c.var.deps.background(work)
}
