import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createStampWatch } from '../../../server/data/data-watch'
import { openLibsql } from '../../../db/client'

describe('createStampWatch', () => {
  it('wakes a waiter once the embedded database is written, not for a read', async () => {
    const database = openLibsql(':memory:')
    await database.db.run(sql`CREATE TABLE t (x)`)
    const watch = createStampWatch(database.dataStamp!)
    const mark = watch.mark()
    const waiting = watch.wait(mark, 60_000)
    await database.db.all(sql`SELECT 1`)
    expect(watch.mark()).toBe(mark) // a read leaves the stamp, so it wakes no one
    await database.db.run(sql`INSERT INTO t VALUES (1)`)
    await waiting // else this test would time out: the wait is a minute
    expect(watch.mark()).not.toBe(mark)
    database.close()
  })

  it('answers at once for a mark already out of date, and when the request is aborted', async () => {
    let stamp = 'a'
    const watch = createStampWatch(() => stamp)
    const mark = watch.mark()
    stamp = 'b'
    await watch.wait(mark, 60_000)
    const aborted = new AbortController()
    const waiting = watch.wait(watch.mark(), 60_000, aborted.signal)
    aborted.abort()
    await waiting
    expect(watch.mark()).toBe('b')
  })
})
