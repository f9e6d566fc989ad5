// GET /healthz: the process is up and the database answers.
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await c.var.deps.db.run(sql`select 1`)
  return c.json({ status: 'ok', sandbox: c.var.deps.config.sandbox })
})
