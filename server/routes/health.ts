// GET /healthz: liveness (the process answers; no database, so a slow database never gets it restarted).
// GET /readyz: readiness (the database answers a trivial query), 503 while it does not.
import { Hono } from 'hono'
import { z } from 'zod'
import { pingDatabase } from '../data/health'
import type { AppEnv } from '../env'
import { errorBody } from '../errors'

// Outside the OpenAPI document (not under /api); their answers are still checked by the contract test.
export const Liveness = z.object({ status: z.literal('ok'), sandbox: z.boolean() })
export const Readiness = z.object({ status: z.literal('ready') })

export const health = new Hono<AppEnv>().get('/', (c) =>
  c.json({ status: 'ok', sandbox: c.var.shop.config.sandbox } satisfies z.infer<typeof Liveness>),
)

export const readiness = new Hono<AppEnv>().get('/', async (c) => {
  try {
    await pingDatabase(c.var.shop.db)
  } catch (err) {
    console.error('readiness: the database does not answer', c.var.requestId, err)
    return c.json(errorBody('database_unavailable', 'The database does not answer.'), 503)
  }
  return c.json({ status: 'ready' } satisfies z.infer<typeof Readiness>)
})
