import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { BackupError, backupEmbedded } from '../../db/backup'
import { openLibsql, tuneEmbeddedLibsql } from '../../db/client'
import { migrateLibsql } from '../../db/migrate'
import { seedDemoShop } from '../../db/seed'
import { members } from '../../db/schema'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function liveDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-backup-'))
  dirs.push(dir)
  const url = `file:${join(dir, 'live.db')}`
  const database = openLibsql(url)
  await tuneEmbeddedLibsql(database.db, url)
  await migrateLibsql(database.db)
  await seedDemoShop(database.db, new Date('2026-12-01T00:00:00Z'))
  return { dir, url, database }
}

describe('backupEmbedded', () => {
  it('copies a running WAL database, committed pages not yet checkpointed included, with the same member count', async () => {
    const { dir, url, database } = await liveDatabase()
    await database.db.run(sql`PRAGMA wal_autocheckpoint = 0`)
    const { count } = (await database.db.select({ count: sql<number>`count(*)` }).from(members))[0]!
    expect(count).toBeGreaterThan(0)
    expect(existsSync(`${url.slice(5)}-wal`)).toBe(true)

    const out = join(dir, 'copy.db')
    expect(backupEmbedded(url, out)).toEqual({ members: count })
    database.close()

    const copy = openLibsql(`file:${out}`)
    const { copied } = (await copy.db.select({ copied: sql<number>`count(*)` }).from(members))[0]!
    copy.close()
    expect(copied).toBe(count)
  })

  it('refuses a libsql server, a missing file and an existing destination with a sentence naming the problem', async () => {
    const { dir, url, database } = await liveDatabase()
    database.close()
    expect(() => backupEmbedded('libsql://shop.turso.io', join(dir, 'a.db'))).toThrow(/libsql server/)
    expect(() => backupEmbedded(`file:${join(dir, 'none.db')}`, join(dir, 'b.db'))).toThrow(/does not exist/)
    expect(() => backupEmbedded(url, url.slice(5))).toThrow(BackupError)
  })
})
