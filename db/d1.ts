// Opens a D1 binding as the shared `Database`, so the same data code that runs on libsql runs on the Worker.
import type { D1Database } from '@cloudflare/workers-types/index'
import { drizzle } from 'drizzle-orm/d1'
import type { Database } from './client'
import { bindRawBatchItems } from './driver/drizzle-d1-batch'
import * as schema from './schema'

export function openD1(d1: D1Database): Database {
  return bindRawBatchItems(drizzle(d1, { schema, casing: 'snake_case' }), d1)
}
