// POST /api/sandbox/reset (sandbox only, never mounted when LINE_SANDBOX is off): the demo shop back to its seed, the
// sandbox's users, inbox and added newcomers cleared, the seeded member's menu shown again. Same path on Node and
// on Workers (D1): the data is reset where it lives, the sandbox over HTTP at LINE_SANDBOX_URL.
import { Hono } from 'hono'
import { z } from 'zod'
import { resetDemoShop } from '../data/demo-reset'
import type { AppEnv } from '../env'
import { ApiError, badRequest } from '../errors'
import { restoreMemberMenus } from '../rich-menus/sandbox-links'

const ResetRequest = z.object({ confirm: z.literal(true) })
/** What a reset answers (the contract test parses it). */
export const ResetAnswer = z.object({ ok: z.literal(true) })

export const sandboxReset = new Hono<AppEnv>().post('/', async (c) => {
  const { shop: deps } = c.var
  // JSON only: a page of another site cannot send it without CORS (which this server never allows).
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
    throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json.')
  const body = ResetRequest.safeParse(await c.req.json().catch(() => null))
  if (!body.success) throw badRequest('reset_not_confirmed', 'Send {"confirm": true} to reset the demo.')
  await resetDemoShop(deps.db, deps.clock())
  const res = await fetch(`${deps.config.sandboxUrl}/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  if (!res.ok) throw new Error(`the LINE sandbox did not reset: ${res.status}`)
  await restoreMemberMenus(deps)
  return c.json({ ok: true } satisfies z.infer<typeof ResetAnswer>)
})
