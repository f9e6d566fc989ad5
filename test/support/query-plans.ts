// Query plans of the statements a code path really sends. A migrated :memory: database whose libsql client records
// every statement (single or in a batch, with its arguments), the `EXPLAIN QUERY PLAN` of a recorded statement, and an
// assertion that a table's rows are found by key. With no statistics (D1 keeps none, our libsql files have none)
// SQLite prefers an equality index such as `(status, …)` to an id list and walks every row with that status.
import type { Client, InStatement } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import { expect } from 'vitest'
import type * as schema from '../../db/schema'
import { drizzleOptions } from '../../db/client'
import { createEmbeddedClient } from '../../db/driver/libsql-embedded'
import { restoreMigrated } from './migrated-template'

export interface Recorded {
  sql: string
  args: unknown[]
}

/** One step of a plan: `detail` as SQLite writes it, and whether it is inside a subquery that makes a list or value. */
export interface PlanStep {
  detail: string
  inSubquery: boolean
}

export interface Planned {
  sql: string
  steps: PlanStep[]
  /** The database's unique indexes (name → column count), those SQLite makes for UNIQUE constraints included. */
  uniqueIndexes: ReadonlyMap<string, number>
}

export interface RecordingDatabase {
  db: LibSQLDatabase<typeof schema>
  /** Every statement sent since the database was migrated (or since the last `clear`). */
  recorded: Recorded[]
  clear: () => void
  /** The plans of the recorded statements whose text matches every pattern. */
  plans: (...patterns: RegExp[]) => Promise<Planned[]>
  close: () => void
}

/** A migrated :memory: database whose client records what it is sent. */
export async function recordingDatabase(): Promise<RecordingDatabase> {
  const { client } = createEmbeddedClient(':memory:')
  const recorded: Recorded[] = []
  const keep = (s: InStatement) =>
    typeof s === 'string'
      ? recorded.push({ sql: s, args: [] })
      : recorded.push({ sql: s.sql, args: (s.args ?? []) as unknown[] })
  const recording = new Proxy(client, {
    get(target, key) {
      if (key === 'execute') return (s: InStatement) => (keep(s), target.execute(s))
      if (key === 'batch') return (ss: InStatement[], mode?: never) => (ss.forEach(keep), target.batch(ss, mode))
      const value = Reflect.get(target, key) as unknown
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  const db = drizzle(recording, drizzleOptions)
  await restoreMigrated(db)
  const unique = await uniqueIndexesOf(client)
  const clear = () => void recorded.splice(0)
  clear()
  return {
    db,
    recorded,
    clear,
    plans: (...patterns) =>
      Promise.all(
        recorded
          .filter((r) => patterns.every((p) => p.test(r.sql)))
          .map(async (r) => ({ sql: r.sql, steps: await planOf(client, r), uniqueIndexes: unique })),
      ),
    close: () => client.close(),
  }
}

async function planOf(client: Client, { sql, args }: Recorded): Promise<PlanStep[]> {
  const rs = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never[] })
  const rows = rs.rows.map((r) => ({ id: Number(r.id), parent: Number(r.parent), detail: String(r.detail) }))
  const byId = new Map(rows.map((r) => [r.id, r]))
  const inSubquery = (parent: number): boolean => {
    const up = byId.get(parent)
    return up
      ? /^(LIST|CORRELATED LIST|SCALAR|CORRELATED SCALAR) SUBQUERY/.test(up.detail) || inSubquery(up.parent)
      : false
  }
  return rows.map((r) => ({ detail: r.detail, inSubquery: inSubquery(r.parent) }))
}

async function uniqueIndexesOf(client: Client): Promise<Map<string, number>> {
  const rs = await client.execute(`SELECT il.name AS name, (SELECT count(*) FROM pragma_index_info(il.name)) AS columns
    FROM sqlite_master t, pragma_index_list(t.name) il WHERE t.type = 'table' AND il."unique" = 1`)
  return new Map(rs.rows.map((r) => [String(r.name), Number(r.columns)]))
}

const rowidSearch = /^SEARCH \S+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/
const indexSearch = /^SEARCH \S+ USING (?:COVERING )?INDEX (\S+) \((.*)\)$/

/**
 * Whether a plan step finds its rows by rowid, or by every column of a unique index with `=`, or by an index whose
 * first term is `=` on one of the `ownedBy` columns: the rows of one owner (a member's orders, a LINE user's messages),
 * few however large the table.
 */
export function isKeyLookup(
  detail: string,
  unique: ReadonlyMap<string, number>,
  ownedBy: readonly string[] = [],
): boolean {
  if (rowidSearch.test(detail)) return true
  const [, index, terms] = indexSearch.exec(detail) ?? []
  if (!index || !terms) return false
  const constraints = terms.split(' AND ')
  if (constraints.includes('rowid=?')) return true
  if (ownedBy.some((column) => constraints[0] === `${column}=?`)) return true
  return constraints.every((c) => /^\w+=\?$/.test(c)) && unique.get(index) === constraints.length
}

/**
 * Asserts that each statement reads `table` (its name or alias in the plan) only by key, as many times as it reads
 * it outside the subqueries that make its lists and values. A subquery's own walk (say the ids it picks) is not the
 * statement's reading of its rows; assert it separately when it matters.
 */
export function expectKeyLookups(planned: readonly Planned[], table: string) {
  expect(planned.length, 'no statement recorded').toBeGreaterThan(0)
  const on = new RegExp(`^(SEARCH|SCAN) ${table} `)
  for (const p of planned) {
    const reads = p.steps.filter((s) => !s.inSubquery && on.test(s.detail)).map((s) => s.detail)
    expect(reads, p.sql).not.toEqual([])
    for (const read of reads) expect(isKeyLookup(read, p.uniqueIndexes), `${read}\n  in ${p.sql}`).toBe(true)
  }
}

/**
 * Asserts that every statement reads every table (in its subqueries too) by key or by an `ownedBy` column, as
 * `isKeyLookup` says: the plan of a code path that should touch one member's rows and nothing else.
 */
export function expectOwnRowsOnly(planned: readonly Planned[], ownedBy: readonly string[]) {
  expect(planned.length, 'no statement recorded').toBeGreaterThan(0)
  for (const p of planned)
    for (const { detail } of p.steps) {
      // Not a table: a constant row, or the rows of a subquery.
      if (!/^(SEARCH|SCAN) /.test(detail) || /^SCAN CONSTANT ROW$|^SCAN \(subquery-\d+\)/.test(detail)) continue
      expect(isKeyLookup(detail, p.uniqueIndexes, ownedBy), `${detail}\n  in ${p.sql}`).toBe(true)
    }
}
