import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Sqlite3Client } from '@libsql/client/sqlite3'
import { createEmbeddedClient, embeddedDatabaseFile, keepPreparedStatements } from '../../../db/driver/libsql-embedded'

describe('keepPreparedStatements', () => {
  it('prepares each SQL text once and drops the least recently used past its size', () => {
    const db = new Database(':memory:')
    const prepared: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((source: string) => {
      prepared.push(source)
      return prepare(source)
    }) as typeof db.prepare
    keepPreparedStatements(db, 2)
    const first = db.prepare('SELECT 1')
    expect(db.prepare('SELECT 1')).toBe(first)
    db.prepare('SELECT 2')
    db.prepare('SELECT 1') // used again: SELECT 2 is now the least recently used
    db.prepare('SELECT 3') // drops SELECT 2
    expect(db.prepare('SELECT 1')).toBe(first)
    db.prepare('SELECT 2')
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2'])
    db.close()
  })
  it('asks a kept statement whether it returns rows once (a write refuses raw mode with an error each time)', () => {
    const db = keepPreparedStatements(new Database(':memory:'))
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as { raw: (this: unknown, on?: boolean) => unknown }
    const native = proto.raw
    let asked = 0
    proto.raw = function (on) {
      asked++
      return native.call(this, on)
    }
    try {
      for (let id = 1; id <= 3; id++) {
        const statement = db.prepare('INSERT INTO t (id) VALUES (?)')
        expect(() => statement.raw(true)).toThrow()
        statement.run(id)
      }
      expect(asked).toBe(1)
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toMatchObject({ n: 3 })
    } finally {
      proto.raw = native
      db.close()
    }
  })
})

describe('createEmbeddedClient', () => {
  const { client } = createEmbeddedClient(':memory:')
  afterEach(async () => {
    await client.execute('DROP TABLE IF EXISTS t')
  })

  it('binds fresh values on every run of a kept statement', async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
    for (const name of ['a', 'b', 'c']) await client.execute({ sql: 'INSERT INTO t (name) VALUES (?)', args: [name] })
    const names = []
    for (const id of [3, 1, 2, 99]) {
      const { rows } = await client.execute({ sql: 'SELECT name FROM t WHERE id = ?', args: [id] })
      names.push(rows[0]?.name ?? null)
    }
    expect(names).toEqual(['c', 'a', 'b', null])
  })

  it('runs a kept statement again after it failed, and after a batch rolled back', async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
    const insert = (name: string) => ({ sql: 'INSERT INTO t (name) VALUES (?)', args: [name] })
    await client.execute(insert('a'))
    await expect(client.execute(insert('a'))).rejects.toThrow(/UNIQUE/)
    await expect(client.batch([insert('b'), insert('a')], 'write')).rejects.toThrow(/UNIQUE/)
    await client.execute(insert('c'))
    const { rows } = await client.execute('SELECT name FROM t ORDER BY id')
    expect(rows.map((r) => r.name)).toEqual(['a', 'c'])
  })

  it('answers with the new columns after the schema changed under a kept statement', async () => {
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    await client.execute('INSERT INTO t (id) VALUES (1)')
    expect((await client.execute('SELECT * FROM t')).columns).toEqual(['id'])
    await client.execute("ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'x'")
    const after = await client.execute('SELECT * FROM t')
    expect(after.columns).toEqual(['id', 'note'])
    expect(after.rows[0]?.note).toBe('x')
    await client.executeMultiple("ALTER TABLE t ADD COLUMN tag TEXT DEFAULT 'y';")
    expect((await client.execute('SELECT * FROM t')).columns).toEqual(['id', 'note', 'tag'])
  })

  it('refuses a URL that is not an embedded database', () => {
    expect(() => createEmbeddedClient('libsql://example.turso.io')).toThrow(/Not an embedded database URL/)
  })
})

/** Two connections to one new database file: `here` (whose stamp is read) and `other`; closed and removed after. */
async function withTwoConnections(
  checkOtherWritersEveryMs: number,
  use: (here: ReturnType<typeof createEmbeddedClient>, other: ReturnType<typeof createEmbeddedClient>) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-stamp-'))
  const url = `file:${join(dir, 'stamp.db')}`
  const here = createEmbeddedClient(url, { checkOtherWritersEveryMs })
  const other = createEmbeddedClient(url)
  try {
    await use(here, other)
  } finally {
    here.client.close()
    other.client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('dataStamp', () => {
  it('changes with every write here and every commit by another connection, and not with reads', () =>
    withTwoConnections(0, async (here, other) => {
      await here.client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)')
      await here.client.execute('CREATE TABLE audit (id INTEGER)')
      await here.client.execute('CREATE TRIGGER t_audit AFTER UPDATE ON t BEGIN INSERT INTO audit VALUES (new.id); END')
      const stamps = [here.dataStamp()]
      const step = async (sql: string, by = here.client) => {
        await by.execute(sql)
        stamps.push(here.dataStamp())
      }
      await step('SELECT * FROM t') // a read
      await step('INSERT INTO t (id, n) VALUES (1, 1)') // a row here
      await step('SELECT count(*) FROM t WHERE id = 2') // a read
      await step('UPDATE t SET n = 2 WHERE id = 1') // a row here (and the trigger's)
      await step('SELECT * FROM t', other.client) // a read elsewhere
      await step('INSERT INTO t (id, n) VALUES (2, 1)', other.client) // a commit elsewhere
      await expect(
        here.client.batch(['INSERT INTO t (id, n) VALUES (3, 1)', 'INSERT INTO t (id, n) VALUES (1, 1)']),
      ).rejects.toThrow()
      stamps.push(here.dataStamp()) // rolled back: may change (it does), never wrongly stays
      await step('UPDATE t SET n = n WHERE id = 99') // a write that matched nothing: counted all the same
      await step('PRAGMA wal_checkpoint(PASSIVE)') // copies committed pages into the file: no row changes
      const changed = stamps.slice(1).map((s, i) => s !== stamps[i])
      expect(changed).toEqual([false, true, false, true, false, true, true, true, false])
    }))

  it('sees another connection’s commit within its check interval', async () => {
    // The interval is read from performance.now(): a stopped clock, so a slow machine cannot pass it early.
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      await withTwoConnections(50, async (here, other) => {
        await here.client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)')
        const before = here.dataStamp()
        await other.client.execute('INSERT INTO t (id) VALUES (1)')
        vi.advanceTimersByTime(49)
        expect(here.dataStamp()).toBe(before) // not asked yet
        vi.advanceTimersByTime(1)
        expect(here.dataStamp()).not.toBe(before)
      })
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('the libsql contract the adapter relies on', () => {
  /** A connection that logs what the client does with it, in order. */
  function loggedConnection(log: string[]): Database.Database {
    const db = new Database(':memory:')
    const prepare = db.prepare.bind(db)
    db.prepare = ((source: string) => {
      log.push(`prepare ${source}`)
      const statement = prepare(source)
      for (const method of ['raw', 'columns', 'all', 'run', 'get', 'iterate'] as const) {
        const original = (statement[method] as (...args: unknown[]) => unknown).bind(statement)
        ;(statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          log.push(method === 'raw' ? `raw(${String(args[0])})` : method)
          return original(...args)
        }
      }
      return statement
    }) as typeof db.prepare
    return db
  }

  it('@libsql/client prepares each statement on every execute, asks raw(true) before running it, reads its columns', async () => {
    const log: string[] = []
    const client = new Sqlite3Client(':memory:', {}, loggedConnection(log), 'number')
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    log.length = 0
    await client.execute({ sql: 'INSERT INTO t (id) VALUES (?)', args: [1] })
    await client.execute('SELECT id FROM t')
    await client.execute('SELECT id FROM t')
    expect(log.filter((entry) => entry.startsWith('prepare'))).toEqual([
      'prepare INSERT INTO t (id) VALUES (?)',
      'prepare SELECT id FROM t',
      'prepare SELECT id FROM t',
    ])
    const firstSelect = log.indexOf('prepare SELECT id FROM t')
    const select = log.slice(firstSelect, log.indexOf('prepare SELECT id FROM t', firstSelect + 1))
    expect(select.indexOf('raw(true)')).toBeGreaterThan(0)
    expect(select.indexOf('all')).toBeGreaterThan(select.indexOf('raw(true)'))
    expect(select).toContain('columns')
    client.close()
  })

  it('@libsql/core expands embedded URLs into the scheme and path the adapter opens', () => {
    expect(embeddedDatabaseFile('file:data/shop.db')).toBe('data/shop.db')
    expect(embeddedDatabaseFile('file::memory:')).toBeNull()
    expect(embeddedDatabaseFile('libsql://example.turso.io')).toBeNull()
    const { client } = createEmbeddedClient('file::memory:')
    expect(client.protocol).toBe('file')
    client.close()
  })
})
