import { mkdtempSync, openSync, closeSync, readSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { openLibsql, tuneEmbeddedLibsql } from '../../db/client'
import { checkpointInBackground, startWalCheckpointer, type WalCheckpointer } from '../../db/wal-checkpointer'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function openFile() {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-wal-'))
  dirs.push(dir)
  const file = join(dir, 'db.sqlite')
  const url = `file:${file}`
  const { db, close } = openLibsql(url)
  await tuneEmbeddedLibsql(db, url)
  return { db, close, file, url }
}

const insertPages = (n: number) => sql`INSERT INTO t (body) SELECT randomblob(4000) FROM generate_series(1, ${n})`

/** The WAL header's checkpoint sequence number: SQLite adds one each time a write starts the log over. */
function logRestarts(file: string): number {
  const fd = openSync(`${file}-wal`, 'r')
  try {
    const header = Buffer.alloc(16)
    readSync(fd, header, 0, 16, 0)
    return header.readUInt32BE(12)
  } finally {
    closeSync(fd)
  }
}

/** Waits for the thread's checkpoints until one has copied the whole log (however long a busy machine takes). */
async function caughtUp(checkpointer: WalCheckpointer): Promise<void> {
  for (;;) {
    const { log, checkpointed } = await checkpointer.nextCheckpoint()
    if (checkpointed === log) return
  }
}

async function writeInRounds(background: boolean) {
  const { db, close, file, url } = await openFile()
  const checkpointer = background
    ? await checkpointInBackground(db, url, { intervalMs: 10 })
    : await db.run(sql`PRAGMA wal_autocheckpoint = 0`).then(() => null)
  await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
  // 20 rounds of ~100 pages each; between two rounds the thread, when there is one, catches up with the log.
  for (let round = 0; round < 20; round++) {
    await db.batch([db.run(insertPages(100))])
    if (checkpointer) await caughtUp(checkpointer)
  }
  const [count] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM t`)
  const walBytes = statSync(`${file}-wal`).size
  const restarts = logRestarts(file)
  const [mode] = await db.all<{ wal_autocheckpoint: number }>(sql`PRAGMA wal_autocheckpoint`)
  await checkpointer?.stop()
  close()
  return { rows: count?.n, walBytes, restarts, autocheckpoint: mode?.wal_autocheckpoint }
}

describe('checkpointInBackground', () => {
  it('keeps the WAL small from a worker thread while commits do no checkpoint', async () => {
    const written = await writeInRounds(false)
    const background = await writeInRounds(true)
    expect(written.rows).toBe(2_000)
    expect(background.rows).toBe(2_000)
    expect(background.autocheckpoint).toBe(0)
    // Without checkpoints the log holds all ~2,000 pages (8 MB); with them every round starts it over.
    expect(written.restarts).toBe(0)
    expect(written.walBytes).toBeGreaterThan(7_000_000)
    expect(background.restarts).toBeGreaterThanOrEqual(19)
    expect(background.walBytes).toBeLessThan(1_000_000)
  })

  it('starts the log over under a writer that never pauses, by checkpointing on its connection when the log is long', async () => {
    const { db, close, file, url } = await openFile()
    const checkpointer = await checkpointInBackground(db, url, { intervalMs: 5, backlogPages: 200 })
    await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
    const first = logRestarts(file)
    // Small commits with only a turn of the event loop between them (a busy server), until the log starts over;
    // the bound only stops a broken checkpointer from filling the disk, the test never measures time.
    let pages = 0
    for (const giveUpAt = performance.now() + 15_000; logRestarts(file) === first && performance.now() < giveUpAt; ) {
      await db.batch([db.run(insertPages(10))])
      pages += 10
      await new Promise((resolve) => setImmediate(resolve))
    }
    const restarted = logRestarts(file) > first
    await checkpointer?.stop()
    close()
    expect(restarted).toBe(true)
    expect(pages).toBeGreaterThan(0)
  })

  it('does nothing for an in-memory database', async () => {
    const { db, close } = openLibsql(':memory:')
    expect(await checkpointInBackground(db, ':memory:')).toBeNull()
    close()
  })
})

describe('startWalCheckpointer', () => {
  it('asks the writer to checkpoint when its own checkpoint leaves a long log, and checkpoints again once it has', async () => {
    const { db, close, file } = await openFile()
    await db.run(sql`PRAGMA wal_autocheckpoint = 0`)
    await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
    await db.batch([db.run(insertPages(300))])
    // A reader's snapshot from before the next 300 pages: the thread's passive checkpoint cannot copy past it.
    const reader = new Database(file)
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM t').get()
    await db.batch([db.run(insertPages(300))])
    let askedFor!: () => void
    const asked = new Promise<void>((resolve) => (askedFor = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let backlogs = 0
    const checkpointer = startWalCheckpointer(file, {
      intervalMs: 5,
      backlogPages: 200,
      onBacklog: () => {
        backlogs++
        askedFor()
        return released
      },
    })
    await asked
    expect(backlogs).toBe(1) // paused until the writer is done: no second request meanwhile
    reader.exec('COMMIT')
    reader.close()
    await db.run(sql`PRAGMA wal_checkpoint(PASSIVE)`)
    release()
    const after = await checkpointer.nextCheckpoint()
    await checkpointer.stop()
    close()
    expect(after.checkpointed).toBe(after.log)
  })

  it('leaves a long log that is all copied alone: it starts over at the next write, so the writer is not asked', async () => {
    const { db, close, file } = await openFile()
    await db.run(sql`PRAGMA wal_autocheckpoint = 0`)
    await db.run(sql`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)`)
    await db.batch([db.run(insertPages(300))])
    await db.run(sql`PRAGMA wal_checkpoint(PASSIVE)`)
    let backlogs = 0
    const checkpointer = startWalCheckpointer(file, {
      intervalMs: 5,
      backlogPages: 200,
      onBacklog: async () => void backlogs++,
    })
    // Several of the thread's checkpoints over a long log with nothing left to copy (nothing is written meanwhile).
    const seen = [await checkpointer.nextCheckpoint(), await checkpointer.nextCheckpoint()]
    await checkpointer.stop()
    close()
    expect(seen.every((r) => r.log >= 200 && r.checkpointed === r.log)).toBe(true)
    expect(backlogs).toBe(0)
  })
})
