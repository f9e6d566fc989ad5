import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../../server/data/group-commit'

/** A scheduler the test runs by hand: a flush happens exactly when `run()` is called. */
function manualSchedule() {
  const due: (() => void)[] = []
  return {
    schedule: (flush: () => void) => void due.push(flush),
    run: () => due.splice(0).forEach((flush) => flush()),
    get waiting() {
      return due.length
    },
  }
}

/** An atomic store of items: a group is written whole or, when `refuse` says so, not at all. */
function atomicStore(refuse: (items: string[]) => boolean = () => false) {
  const rows: string[] = []
  const groups: string[][] = []
  return {
    rows,
    groups,
    writeAll: async (items: string[]) => {
      groups.push([...items])
      if (refuse(items)) throw new Error(`refused ${items.join(',')}`)
      rows.push(...items)
      return items.map((item) => `${item}:ok`)
    },
  }
}

/** Lets every settled promise's callbacks run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('groupCommit', () => {
  it('writes the items queued before the flush in one group and answers each caller its own result', async () => {
    const flushes = manualSchedule()
    const store = atomicStore()
    const write = groupCommit({ writeAll: store.writeAll, schedule: flushes.schedule })
    const answers = ['a', 'b', 'c'].map((item) => write(item))
    await settled()
    expect(store.rows).toEqual([])
    expect(flushes.waiting).toBe(1)
    flushes.run()
    expect(await Promise.all(answers)).toEqual(['a:ok', 'b:ok', 'c:ok'])
    expect(store.groups).toEqual([['a', 'b', 'c']])
  })

  it('records every one of many concurrent items exactly once, the ones queued during a write in the next group', async () => {
    const flushes = manualSchedule()
    const store = atomicStore()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const write = groupCommit({
      schedule: flushes.schedule,
      writeAll: async (items: string[]) => {
        if (store.groups.length === 0) await gate // the first group is still being written…
        return store.writeAll(items)
      },
    })
    const first = Array.from({ length: 50 }, (_, i) => write(`x${i}`))
    flushes.run()
    const second = Array.from({ length: 50 }, (_, i) => write(`y${i}`)) // …while these arrive
    await settled()
    expect(flushes.waiting).toBe(0) // nothing is flushed beside a group in progress
    let firstAnswered = false
    void Promise.all(first).then(() => (firstAnswered = true))
    await settled()
    expect(firstAnswered).toBe(false) // no caller is answered before its group is written
    release()
    await Promise.all(first)
    await settled()
    flushes.run()
    await Promise.all(second)
    expect(store.groups.map((g) => g.length)).toEqual([50, 50])
    expect([...store.rows].sort()).toEqual([...first.keys()].flatMap((i) => [`x${i}`, `y${i}`]).sort())
  })

  it('splits a failed group: one bad item fails only its caller, the others are written once each', async () => {
    const flushes = manualSchedule()
    const store = atomicStore((items) => items.includes('bad'))
    const write = groupCommit({ writeAll: store.writeAll, schedule: flushes.schedule })
    const answers = ['a', 'bad', 'b'].map((item) => write(item).catch((err: Error) => err.message))
    flushes.run()
    expect(await Promise.all(answers)).toEqual(['a:ok', 'refused bad', 'b:ok'])
    expect(store.rows).toEqual(['a', 'b'])
    expect(store.groups).toEqual([['a', 'bad', 'b'], ['a'], ['bad'], ['b']])
  })

  it('retries the items of a group that failed once, without writing any of them twice', async () => {
    const flushes = manualSchedule()
    let failures = 1
    const store = atomicStore(() => failures-- > 0)
    const write = groupCommit({ writeAll: store.writeAll, schedule: flushes.schedule })
    const answers = ['a', 'b', 'c'].map((item) => write(item))
    flushes.run()
    expect(await Promise.all(answers)).toEqual(['a:ok', 'b:ok', 'c:ok'])
    expect(store.rows).toEqual(['a', 'b', 'c'])
  })

  it('answers the one caller of a failed write with its error', async () => {
    const flushes = manualSchedule()
    const write = groupCommit({ writeAll: atomicStore(() => true).writeAll, schedule: flushes.schedule })
    const answer = write('a')
    flushes.run()
    await expect(answer).rejects.toThrow('refused a')
  })

  it('rejects every caller of a write that answered the wrong number of results, and does not write again', async () => {
    const flushes = manualSchedule()
    const groups: string[][] = []
    const write = groupCommit({
      schedule: flushes.schedule,
      writeAll: async (items: string[]) => {
        groups.push(items)
        return ['only one']
      },
    })
    const answers = ['a', 'b'].map((item) => write(item))
    flushes.run()
    for (const answer of answers) await expect(answer).rejects.toThrow('1 results for 2 items')
    expect(groups).toEqual([['a', 'b']])
  })

  it('writes at most maxItems per group, the rest in the groups after it', async () => {
    const flushes = manualSchedule()
    const store = atomicStore()
    const write = groupCommit({ writeAll: store.writeAll, schedule: flushes.schedule, maxItems: 2 })
    const answers = ['a', 'b', 'c', 'd', 'e'].map((item) => write(item))
    for (let i = 0; i < 3; i++) {
      flushes.run()
      await settled()
    }
    await Promise.all(answers)
    expect(store.groups).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })

  it('flushes on setImmediate by default: the items of one event-loop turn form one group', async () => {
    const store = atomicStore()
    const write = groupCommit({ writeAll: store.writeAll })
    expect(await Promise.all(['a', 'b'].map((item) => write(item)))).toEqual(['a:ok', 'b:ok'])
    expect(await write('c')).toBe('c:ok')
    expect(store.groups).toEqual([['a', 'b'], ['c']])
  })
})
