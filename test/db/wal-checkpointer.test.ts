import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { openLibsql, tuneEmbeddedLibsql } from '../../db/client'
import { checkpointInBackground } from '../../db/wal-checkpointer'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function writeInRounds(background: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-wal-'))
  dirs.push(dir)
  const url = `file:${join(dir, 'db.sqlite')}`
  const { db, close } = openLibsql(url)
  await tuneEmbeddedLibsql(db, url)
  const checkpointer = background
    ? await checkpointInBackground(db, url, { intervalMs: 10 })
    : await db.run(sql`PRAGMA wal_autocheckpoint = 0`).then(() => null)
  await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
  // 20 rounds of ~100 pages each, with a pause in which the thread can checkpoint.
  for (let round = 0; round < 20; round++) {
    await db.batch([db.run(sql`INSERT INTO t (body) SELECT randomblob(4000) FROM generate_series(1, 100)`)])
    await new Promise((resolve) => setTimeout(resolve, 40))
  }
  const [count] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM t`)
  const walBytes = statSync(`${url.slice('file:'.length)}-wal`).size
  const [mode] = await db.all<{ wal_autocheckpoint: number }>(sql`PRAGMA wal_autocheckpoint`)
  await checkpointer?.stop()
  close()
  return { rows: count?.n, walBytes, autocheckpoint: mode?.wal_autocheckpoint }
}

describe('checkpointInBackground', () => {
  it('keeps the WAL small from a worker thread while commits do no checkpoint', async () => {
    const written = await writeInRounds(false)
    const background = await writeInRounds(true)
    expect(written.rows).toBe(2_000)
    expect(background.rows).toBe(2_000)
    expect(background.autocheckpoint).toBe(0)
    // Without checkpoints the log holds all ~2,000 pages (8 MB); with them it restarts after each round.
    expect(written.walBytes).toBeGreaterThan(7_000_000)
    expect(background.walBytes).toBeLessThan(2_000_000)
  })

  it('starts the log over under a writer that never pauses, by checkpointing on its connection when the log is long', async () => {
    const busyWriter = async (backlogPages: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'tsunagu-wal-'))
      dirs.push(dir)
      const url = `file:${join(dir, 'db.sqlite')}`
      const { db, close } = openLibsql(url)
      await tuneEmbeddedLibsql(db, url)
      const checkpointer = await checkpointInBackground(db, url, { intervalMs: 5, backlogPages })
      await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
      // Small commits for 1.5 s with only a turn of the event loop between them (a busy server).
      let pages = 0
      for (const until = performance.now() + 1_500; performance.now() < until; pages += 10) {
        await db.batch([db.run(sql`INSERT INTO t (body) SELECT randomblob(4000) FROM generate_series(1, 10)`)])
        await new Promise((resolve) => setImmediate(resolve))
      }
      const walBytes = statSync(`${url.slice('file:'.length)}-wal`).size
      await checkpointer?.stop()
      close()
      return { written: pages * 4096, walBytes }
    }
    const threadOnly = await busyWriter(1e9)
    const withFallback = await busyWriter(200)
    // The thread alone never catches up with such a writer: the log holds nearly everything written.
    expect(threadOnly.walBytes).toBeGreaterThan(threadOnly.written / 2)
    expect(withFallback.walBytes).toBeLessThan(withFallback.written / 3)
  })

  it('does nothing for an in-memory database', async () => {
    const { db, close } = openLibsql(':memory:')
    expect(await checkpointInBackground(db, ':memory:')).toBeNull()
    close()
  })
})
