// WAL checkpoints of an embedded database, off the request path: a worker thread with its own connection.
//
// SQLite checkpoints a WAL database automatically inside the commit that takes the log past 1,000 pages, on the
// connection that committed. Embedded libsql runs every statement synchronously on the event loop, so that commit
// (copying ~4 MB back into the database file and two fsyncs: 15–65 ms on the big benchmark database) stalled every
// request in flight. Here the main connection turns the automatic checkpoint off and a worker thread runs
// `PRAGMA wal_checkpoint(PASSIVE)` on a timer on a second connection: passive checkpoints never block the writer,
// and once one has copied the whole log, the next write starts the log from its beginning again.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { sql } from 'drizzle-orm'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import { embeddedDatabaseFile } from './driver/libsql-embedded'
import type * as schema from './schema'

/** What `PRAGMA wal_checkpoint` reports: frames in the log, and how many of them are copied into the database. */
export interface CheckpointResult {
  log: number
  checkpointed: number
}

export interface WalCheckpointer {
  /**
   * The result of the thread's next checkpoint. When `checkpointed` equals `log` the whole log is in the database and
   * the next write starts it over (what a backup or a shutdown may want to wait for).
   */
  nextCheckpoint(): Promise<CheckpointResult>
  /** Runs one more checkpoint and stops the thread. */
  stop(): Promise<void>
}

export interface WalCheckpointerOptions {
  /** Milliseconds between checkpoints (default 1,000). */
  intervalMs?: number
  /** Called when the thread fails: the caller should turn the automatic checkpoint back on. */
  onError?: (err: unknown) => void
  /** Pages in the log after a checkpoint from which `onBacklog` is called (default 4,096: 16 MB). */
  backlogPages?: number
  /**
   * The log is not shrinking: it only starts over once a checkpoint has copied all of it, which a thread beside a
   * writer that never pauses does not manage. The caller should checkpoint on the writer's own connection (only the
   * few pages since the thread's last copy are left to do), so the next write starts the log from the beginning.
   */
  onBacklog?: () => Promise<void>
}

// Plain JavaScript, so it runs the same under tsx, vitest and a compiled build. The connection is a `libsql`
// database of the same native library as the main one (locks are shared within the process).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.path)
db.exec('PRAGMA busy_timeout = 5000')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
let paused = false // while the writer's connection runs the checkpoint that lets the log start over
let report = false // someone waits for the next result
const run = () => {
  if (paused) return
  try {
    const [result] = checkpoint.all()
    if (report && result) {
      report = false
      parentPort.postMessage({ checkpoint: { log: result.log, checkpointed: result.checkpointed } })
    }
    // A long log all copied starts over at the next write by itself: only a long log left behind needs the writer.
    if (result && result.log >= workerData.backlogPages && result.checkpointed < result.log) {
      paused = true
      parentPort.postMessage({ backlog: result.log })
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err) })
  }
}
const timer = setInterval(run, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message === 'resume') paused = false
  if (message === 'report') report = true
  if (message !== 'stop') return
  clearInterval(timer)
  run()
  db.close()
  parentPort.close()
})
`

/** Starts checkpointing the WAL of the database file at `path` every `intervalMs` from a worker thread. */
export function startWalCheckpointer(path: string, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const libsql = createRequire(import.meta.url).resolve('libsql')
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { libsql, path, intervalMs: options.intervalMs ?? 1_000, backlogPages: options.backlogPages ?? 4_096 },
  })
  let failed = false
  let gone = false
  const waiting: { resolve: (result: CheckpointResult) => void; reject: (err: unknown) => void }[] = []
  const fail = (err: unknown) => {
    for (const waiter of waiting.splice(0)) waiter.reject(err)
    if (failed) return
    failed = true
    options.onError?.(err)
  }
  worker.on('message', (message: { error?: string; backlog?: number; checkpoint?: CheckpointResult }) => {
    if (message.error) fail(new Error(`WAL checkpoint failed: ${message.error}`))
    else if (message.checkpoint) for (const waiter of waiting.splice(0)) waiter.resolve(message.checkpoint)
    else if (message.backlog) {
      const resume = () => worker.postMessage('resume')
      if (options.onBacklog) options.onBacklog().then(resume, resume)
      else resume()
    }
  })
  worker.on('error', fail)
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      gone = true
      for (const waiter of waiting.splice(0)) waiter.reject(new Error('WAL checkpoints stopped'))
      resolve()
    }),
  )
  worker.unref()
  return {
    nextCheckpoint() {
      if (failed || gone) return Promise.reject(new Error('WAL checkpoints stopped'))
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject })
        worker.postMessage('report')
      })
    },
    async stop() {
      worker.ref() // keep the process alive until the last checkpoint is done
      worker.postMessage('stop')
      await exited
    },
  }
}

/** SQLite's default: checkpoint inside the commit that takes the log past this many pages. */
const automaticCheckpointPages = 1_000

/**
 * For an embedded database file: checkpoints from a worker thread and none inside commits. Falls back to the
 * automatic checkpoint if the thread fails. Null (nothing changed) for `:memory:` and remote databases.
 */
export async function checkpointInBackground(
  db: LibSQLDatabase<typeof schema>,
  url: string,
  options: Pick<WalCheckpointerOptions, 'intervalMs' | 'backlogPages'> = {},
): Promise<WalCheckpointer | null> {
  const file = embeddedDatabaseFile(url)
  if (!file) return null
  const checkpointer = startWalCheckpointer(file, {
    ...options,
    onError: (err) => {
      console.error('background WAL checkpoints stopped; checkpointing in commits again', err)
      db.run(sql.raw(`PRAGMA wal_autocheckpoint = ${automaticCheckpointPages}`)).catch(() => undefined)
    },
    onBacklog: async () => {
      await db
        .run(sql`PRAGMA wal_checkpoint(PASSIVE)`)
        .catch((err: unknown) => console.error('WAL checkpoint failed', err))
    },
  })
  await db.run(sql`PRAGMA wal_autocheckpoint = 0`)
  return checkpointer
}
