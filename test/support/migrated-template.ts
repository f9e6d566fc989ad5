// A migrated database, made once and copied: running the 37 migrations costs ~50–300 ms per :memory: database,
// restoring their result as one SQL script a few ms. The script is the schema and rows that migrateLibsql leaves
// (drizzle's journal included), written once per set of migrations to the system's temp directory and shared by
// every test worker. test/db/migrated-template.test.ts checks that a restored copy equals a migrated database.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from '@libsql/client'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import { openLibsql, type LibsqlDatabase } from '../../db/client'
import { migrateLibsql, migrationsFolder } from '../../db/migrate'
import type * as schema from '../../db/schema'

type Db = LibSQLDatabase<typeof schema>

/** Bump when the script's shape changes, so an old script in the temp directory is not read. */
const formatVersion = 2

interface MasterRow {
  type: string
  name: string
  sql: string
}

/** The libsql client under a drizzle database (drizzle sets `$client`; its LibSQLDatabase type leaves it out). */
export const clientOf = (db: Db): Client => (db as Db & { $client: Client }).$client

async function rows<T>(db: Db, sql: string): Promise<T[]> {
  return (await clientOf(db).execute(sql)).rows as unknown as T[]
}

const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`

/** The schema and rows of `db` as one script that rebuilds them in an empty database. */
export async function dumpDatabase(db: Db): Promise<string> {
  const master = await rows<MasterRow>(
    db,
    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
  )
  const ofType = (type: string) => master.filter((row) => row.type === type).map((row) => `${row.sql};`)
  const tables = master.filter((row) => row.type === 'table')
  const inserts: string[] = []
  for (const { name } of tables) {
    const columns = await rows<{ name: string }>(db, `SELECT name FROM pragma_table_info(${sqlText(name)})`)
    if (columns.length === 0) continue
    const literals = columns.map((column) => `quote(${quoteName(column.name)})`).join(` || ',' || `)
    const values = await rows<{ v: string }>(db, `SELECT ${literals} AS v FROM ${quoteName(name)} ORDER BY rowid`)
    const names = columns.map((column) => quoteName(column.name)).join(', ')
    for (const { v } of values) inserts.push(`INSERT INTO ${quoteName(name)} (${names}) VALUES (${v});`)
  }
  const hasSequence = (await rows(db, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).length > 0
  const sequence = hasSequence
    ? (await rows<{ v: string }>(db, "SELECT quote(name) || ',' || quote(seq) AS v FROM sqlite_sequence")).map(
        ({ v }) => `INSERT INTO sqlite_sequence (name, seq) VALUES (${v});`,
      )
    : []
  const [{ user_version: userVersion }] = (await rows<{ user_version: number }>(db, 'PRAGMA user_version')) as [
    { user_version: number },
  ]
  const [{ foreign_keys: foreignKeys }] = (await rows<{ foreign_keys: number }>(db, 'PRAGMA foreign_keys')) as [
    { foreign_keys: number },
  ]
  return [
    // Rows go in before the triggers that would react to them, in any order of their foreign keys.
    'PRAGMA foreign_keys = OFF;',
    'BEGIN;',
    ...ofType('table'),
    ...inserts,
    ...(hasSequence ? ['DELETE FROM sqlite_sequence;', ...sequence] : []),
    ...ofType('index'),
    ...ofType('view'),
    ...ofType('trigger'),
    `PRAGMA user_version = ${Number(userVersion)};`,
    'COMMIT;',
    `PRAGMA foreign_keys = ${Number(foreignKeys) ? 'ON' : 'OFF'};`,
  ].join('\n')
}

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`

/** A digest of everything migrateLibsql reads: a changed or added migration makes a new template. */
function migrationsDigest(): string {
  const hash = createHash('sha256').update(`v${formatVersion}\n`)
  for (const file of readdirSync(migrationsFolder).sort()) {
    if (file.endsWith('.sql')) hash.update(file).update(readFileSync(join(migrationsFolder, file)))
  }
  hash.update(readFileSync(join(migrationsFolder, 'meta', '_journal.json')))
  return hash.digest('hex').slice(0, 24)
}

let script: Promise<string> | undefined

async function buildScript(): Promise<string> {
  const dir = join(tmpdir(), 'tsunagu-test-templates')
  const file = join(dir, `migrated-${migrationsDigest()}.sql`)
  try {
    return readFileSync(file, 'utf8')
  } catch {
    // Not made yet: migrate once, and leave the script for the other workers (written whole, then renamed).
  }
  const database = openLibsql(':memory:')
  try {
    await migrateLibsql(database.db)
    const dump = await dumpDatabase(database.db)
    mkdirSync(dir, { recursive: true })
    const partial = `${file}.${process.pid}.${Date.now()}`
    writeFileSync(partial, dump)
    renameSync(partial, file)
    return dump
  } finally {
    database.close()
  }
}

/** The script that makes an empty database what migrateLibsql makes it (built once per process at most). */
export function migratedScript(): Promise<string> {
  script ??= buildScript().catch((err: unknown) => {
    script = undefined
    throw err
  })
  return script
}

/** Makes an empty libsql database what `migrateLibsql` makes it, from the template. */
export async function restoreMigrated(db: Db): Promise<void> {
  await clientOf(db).executeMultiple(await migratedScript())
}

/** `openLibsql(':memory:')` already migrated, as `migrateLibsql` leaves it. */
export async function openMigratedMemoryDatabase(): Promise<LibsqlDatabase> {
  const database = openLibsql(':memory:')
  try {
    await restoreMigrated(database.db)
  } catch (err) {
    database.close()
    throw err
  }
  return database
}
