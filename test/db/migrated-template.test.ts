// The test helpers' migrated template (test/support/migrated-template.ts) must leave exactly what migrateLibsql does.
import { describe, expect, it } from 'vitest'
import { openLibsql, type LibsqlDatabase } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { clientOf, dumpDatabase, openMigratedMemoryDatabase } from '../support/migrated-template'

async function everything({ db }: LibsqlDatabase) {
  const read = async (sql: string) => (await clientOf(db).execute(sql)).rows.map((row) => ({ ...row }))
  const master = await read('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
  const rows: Record<string, unknown[]> = {}
  for (const { name } of master.filter((row) => row.type === 'table')) {
    rows[String(name)] = await read(`SELECT * FROM "${String(name)}" ORDER BY rowid`)
  }
  const pragmas = {
    foreignKeys: await read('PRAGMA foreign_keys'),
    userVersion: await read('PRAGMA user_version'),
    integrity: await read('PRAGMA integrity_check'),
    foreignKeyCheck: await read('PRAGMA foreign_key_check'),
  }
  return { master, rows, pragmas }
}

describe('the migrated database template', () => {
  it('restores the schema, rows and settings that running the migrations leaves', async () => {
    const migrated = openLibsql(':memory:')
    await migrateLibsql(migrated.db)
    const restored = await openMigratedMemoryDatabase()
    try {
      const expected = await everything(migrated)
      expect(expected.master.filter((row) => row.type === 'trigger').length).toBeGreaterThan(0)
      expect(expected.rows.__drizzle_migrations!.length).toBeGreaterThan(0)
      expect(await everything(restored)).toEqual(expected)
      // And a second dump of the copy is the same script: nothing is lost or reordered on the way.
      expect(await dumpDatabase(restored.db)).toEqual(await dumpDatabase(migrated.db))
    } finally {
      migrated.close()
      restored.close()
    }
  })

  it('leaves nothing pending for migrateLibsql', async () => {
    const restored = await openMigratedMemoryDatabase()
    try {
      const before = await everything(restored)
      await migrateLibsql(restored.db)
      expect(await everything(restored)).toEqual(before)
    } finally {
      restored.close()
    }
  })
})
