// The libsql client for an embedded database (a file or :memory:) whose connection keeps its prepared statements.
// @libsql/client prepares every statement anew; for the member card's query, preparing takes longer than running it.
// An adapter: it builds the client from its parts and patches the connection; test/db/driver/libsql-embedded.test.ts
// checks what it relies on in @libsql/client, @libsql/core and libsql, so that an upgrade that changes it fails there.
import { Sqlite3Client } from '@libsql/client/sqlite3'
import type { Client } from '@libsql/client'
import { expandConfig, isInMemoryConfig } from '@libsql/core/config'
import Database from 'libsql'

/** Distinct SQL texts kept prepared; the app issues a few hundred (values are bound, never inlined). */
export const statementCacheSize = 500

type Statement = ReturnType<Database.Database['prepare']>

/** The client reads a statement's columns twice per run; they only change with the schema (which drops it). */
function withColumnsRemembered(statement: Statement): Statement {
  const columns = statement.columns.bind(statement)
  let known: ReturnType<Statement['columns']> | undefined
  statement.columns = () => (known ??= columns())
  return statement
}

/**
 * Before each run the client calls `raw(true)` to learn whether the statement returns rows; for one that does not
 * (every write) the native call throws, which costs ~20 µs. The answer is fixed for a prepared statement: remember it.
 */
function withRowlessRemembered(statement: Statement): Statement {
  const raw = statement.raw.bind(statement)
  let refusal: unknown
  statement.raw = ((on?: boolean) => {
    if (refusal !== undefined && on !== false) throw refusal
    try {
      return raw(on)
    } catch (err) {
      if (on !== false) refusal = err
      throw err
    }
  }) as Statement['raw']
  return statement
}

const schemaChange = /^\s*(CREATE|ALTER|DROP)\b/i

/**
 * Makes `db.prepare` return a kept statement for SQL it has seen (least recently used ones are dropped past
 * `size`). Safe because the client runs each statement to completion synchronously (`all`/`run`) before the next
 * one starts, and binds every parameter on each run. A schema change (a migration) drops every kept statement:
 * SQLite would re-prepare them itself, but the result columns the client reads before running would be stale.
 * (A schema change made by another connection is not seen: migrations run in this process before it serves.)
 */
export function keepPreparedStatements(db: Database.Database, size = statementCacheSize): Database.Database {
  const prepare = db.prepare.bind(db) as (source: string) => Statement
  const exec = db.exec.bind(db)
  const statements = new Map<string, Statement>()
  db.exec = (source: string) => {
    statements.clear()
    return exec(source)
  }
  db.prepare = ((source: string) => {
    if (schemaChange.test(source)) {
      statements.clear()
      return prepare(source)
    }
    let statement = statements.get(source)
    if (statement) {
      statements.delete(source)
    } else {
      statement = withRowlessRemembered(withColumnsRemembered(prepare(source)))
      if (statements.size >= size) statements.delete(statements.keys().next().value!)
    }
    statements.set(source, statement)
    return statement
  }) as Database.Database['prepare']
  return db
}

/** The database file of an embedded database URL; null for `:memory:` and remote databases. */
export function embeddedDatabaseFile(url: string): string | null {
  if (!url.startsWith('file:')) return null
  const config = expandConfig({ url }, true)
  return isInMemoryConfig(config) ? null : config.path
}

/**
 * A value that changes whenever the data may have changed: at once for any statement that may write run on this
 * connection (counted in JS as it is prepared: anything but a plain SELECT, rolled back or not), and within
 * `otherWritersCheckMs` for a commit by another connection (`PRAGMA data_version`). Equal stamps mean no row differs.
 */
export type DataStamp = () => string

/**
 * How often the stamp asks SQLite about other connections' commits. The server is its database's only writer of
 * members, points and reservations (the CLI tools write invites and rich menus); asking on every call cost ~20 µs of
 * native call and garbage collection under load, more than the rest of a cached card.
 */
export const otherWritersCheckMs = 250

const plainSelect = /^\s*SELECT\b/i
/**
 * Statements that change no row although they are not a SELECT: a WAL checkpoint copies committed pages into the
 * database file. db/wal-checkpointer.ts runs one on this connection when the log stays long; counted as a write, it
 * made every kept card view stale every second (card-throughput at 0.2× of /ping, BENCHMARKS.md "Stop 26").
 */
const changesNoRow = /^\s*PRAGMA\s+wal_checkpoint\b/i

function dataStampOf(db: Database.Database, checkEveryMs: number): DataStamp {
  let writes = 0
  const prepare = db.prepare.bind(db) as (source: string) => Statement
  const exec = db.exec.bind(db)
  db.prepare = ((source: string) => {
    // The client prepares every statement right before running it, synchronously: no read runs in between.
    if (!plainSelect.test(source) && !changesNoRow.test(source)) writes++
    return prepare(source)
  }) as Database.Database['prepare']
  db.exec = (source: string) => {
    writes++
    return exec(source)
  }
  const dataVersion = prepare('PRAGMA data_version').raw(true)
  let version = 0
  let checkedAt = -Infinity
  return () => {
    const now = performance.now()
    if (now - checkedAt >= checkEveryMs) {
      version = (dataVersion.get([]) as [number])[0]
      checkedAt = now
    }
    return `${writes}:${version}`
  }
}

/**
 * A client for `file:` and `:memory:` URLs, as `createClient` makes it but with statements kept prepared, and the
 * connection's data stamp. (Its `transaction()` would hand this connection to the transaction and open a plain one
 * after it: the app writes through `batch` only, as D1 requires.)
 */
export function createEmbeddedClient(
  url: string,
  { checkOtherWritersEveryMs = otherWritersCheckMs } = {},
): { client: Client; dataStamp: DataStamp } {
  const config = expandConfig({ url }, true)
  if (config.scheme !== 'file') throw new Error(`Not an embedded database URL: ${url}`)
  const path = isInMemoryConfig(config) ? `${config.scheme}:${config.path}` : config.path
  const options = {}
  const db = new Database(path, options)
  db.prepare('SELECT 1').all() // fails here, as createClient does, when the file cannot be opened
  const dataStamp = dataStampOf(keepPreparedStatements(db), checkOtherWritersEveryMs)
  return { client: new Sqlite3Client(path, options, db, config.intMode), dataStamp }
}
