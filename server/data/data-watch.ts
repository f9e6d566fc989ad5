// Waiting for the database to change, for long-polls: woken by the embedded database's data stamp on Node (a write
// on this server, or another connection's commit), else by re-checking at an interval (D1, a libsql server).
import type { DataStamp } from '../../db/driver/libsql-embedded'

export interface DataWatch {
  /** Taken before a read: `wait` resolves early once the data differs from what that read could see. */
  mark(): string
  /** Resolves after `ms`, when `signal` aborts, or (where this watch can tell) once the data changed since `mark`. */
  wait(mark: string, ms: number, signal?: AbortSignal): Promise<void>
}

/**
 * How often a long-poll re-reads its marker where nothing can wake it (Workers with D1, Node with a libsql server):
 * a change shows within this plus one read, inside the card's 2 s; each re-read is one indexed query.
 */
export const recheckEveryMs = 1_000

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done)
  })
}

/** Re-checks every `recheckEveryMs`: nothing wakes it early. */
export const intervalWatch: DataWatch = {
  mark: () => '',
  wait: (_mark, ms, signal) => sleep(Math.min(ms, recheckEveryMs), signal),
}

/**
 * One shared timer compares the data stamp every `everyMs` while anyone waits and wakes each waiter whose mark it no
 * longer is; the stamp itself sees this server's writes at once and other connections' commits within 250 ms.
 */
export function createStampWatch(dataStamp: DataStamp, everyMs = 50): DataWatch {
  const waiters = new Map<() => void, string>()
  let timer: ReturnType<typeof setInterval> | undefined
  const tick = () => {
    const now = dataStamp()
    for (const [wake, mark] of waiters) if (mark !== now) wake()
  }
  return {
    mark: dataStamp,
    wait(mark, ms, signal) {
      if (mark !== dataStamp() || signal?.aborted) return Promise.resolve()
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timeout)
          signal?.removeEventListener('abort', done)
          waiters.delete(done)
          if (waiters.size === 0) {
            clearInterval(timer)
            timer = undefined
          }
          resolve()
        }
        const timeout = setTimeout(done, ms)
        signal?.addEventListener('abort', done)
        waiters.set(done, mark)
        timer ??= setInterval(tick, everyMs)
      })
    },
  }
}
