import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openLibsql } from '../../../db/client'
import { migrateLibsql } from '../../../db/migrate'
import { normalizePhone } from '../../../server/domain/japanese-input'

const migration = readFileSync(
  new URL('../../../db/migrations/0021_normalize_member_phones.sql', import.meta.url),
  'utf8',
)

describe('migration 0021_normalize_member_phones', () => {
  it('rewrites phones stored before the canonical rule as normalizePhone would, and leaves garbage for staff', async () => {
    const { db, close } = openLibsql(':memory:')
    await migrateLibsql(db)
    const phones = [
      '090-1234-5678',
      '０９０－１２３４－５６７８',
      '+81 90-1234-5678',
      '(03) 1234-5678',
      '03 1234 5678',
      '0312345678',
      'call me',
      '123',
      null,
    ]
    for (const [i, phone] of phones.entries())
      await db.run(
        sql`INSERT INTO members (member_number, name, phone, created_at) VALUES (${`m${i}`}, 'x', ${phone}, 0)`,
      )
    // The migration already ran on the empty table; running its statement now shows what it does to old rows.
    await db.run(sql.raw(migration))
    const rows = await db.all<{ phone: string | null }>(sql`SELECT phone FROM members ORDER BY id`)
    expect(rows.map((r) => r.phone)).toEqual(phones.map((p) => (p === null ? null : (normalizePhone(p) ?? p))))
    expect(rows.map((r) => r.phone)).toEqual([
      '09012345678',
      '09012345678',
      '09012345678',
      '0312345678',
      '0312345678',
      '0312345678',
      'call me',
      '123',
      null,
    ])
    close()
  })
})
