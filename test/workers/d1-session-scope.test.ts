// Contract of db/driver/d1-session-scope.ts with the pinned drizzle-orm and workerd: drizzle runs on a D1 session
// (selects, batches with raw items), and the session's bookmark is D1's shape and moves forward with the writes.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { bookmarkPattern, openD1Session } from '../../db/driver/d1-session-scope'

const table = sql.raw('contract_session_scope')

describe('D1 session scope', () => {
  it('runs drizzle queries and batches on a session, its bookmark moving forward with each write', async () => {
    const setup = openD1Session(env.DB, 'first-primary')
    expect(setup.bookmark()).toBeNull()
    await setup.db.run(sql`CREATE TABLE IF NOT EXISTS ${table} (n INTEGER NOT NULL)`)
    const created = setup.bookmark()!
    expect(created).toMatch(bookmarkPattern)

    const writer = openD1Session(env.DB, { bookmark: created })
    await writer.db.batch([
      writer.db.run(sql`INSERT INTO ${table} (n) VALUES (${1})`),
      writer.db.run(sql`INSERT INTO ${table} (n) VALUES (${2})`),
    ])
    const written = writer.bookmark()!
    expect(written > created).toBe(true)

    // A later session from that bookmark reads the writes (read-your-writes across sessions).
    const reader = openD1Session(env.DB, { bookmark: written })
    const rows = await reader.db.all<{ n: number }>(sql`SELECT n FROM ${table} ORDER BY n`)
    expect(rows.map((r) => r.n)).toEqual([1, 2])
    expect(reader.bookmark()! >= written).toBe(true)
  })

  it('opens without a bookmark anywhere (first-unconstrained) and reads', async () => {
    const anywhere = openD1Session(env.DB, 'first-unconstrained')
    const [row] = await anywhere.db.all<{ one: number }>(sql`SELECT 1 AS one`)
    expect(row).toEqual({ one: 1 })
    expect(anywhere.bookmark()).toMatch(bookmarkPattern)
  })
})
