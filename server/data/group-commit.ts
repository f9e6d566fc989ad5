// Group commit: small writes from concurrent requests share one atomic statement, and each caller is answered when
// the group holding its item has committed. On embedded libsql every commit costs a WAL append of every page it
// touched and runs on the event loop; one commit for the clicks of a whole event-loop turn is what lets the click
// redirect keep up (BENCHMARKS.md, click-redirect).

/** Where `write` queues an item: its promise settles once the item's group is written (or has failed). */
export type GroupWrite<T, R> = (item: T) => Promise<R>

export interface GroupCommitOptions<T, R> {
  /**
   * Writes `items` atomically (one statement, or one batch) and answers one result per item, in order. When it
   * throws, nothing of the group may have been written: the items are then written again one by one.
   */
  writeAll: (items: T[]) => Promise<R[]>
  /**
   * Runs `flush` once the requests being handled have queued their items. Default `setImmediate`: after the I/O
   * callbacks of this event-loop turn, so every request read in it joins the group without a timer's wait.
   */
  schedule?: (flush: () => void) => void
  /** Items per group at most (the rest go in the next). */
  maxItems?: number
}

interface Waiter<T, R> {
  item: T
  resolve: (result: R) => void
  reject: (err: unknown) => void
}

export function groupCommit<T, R>({
  writeAll,
  schedule = setImmediate,
  maxItems = 256,
}: GroupCommitOptions<T, R>): GroupWrite<T, R> {
  const pending: Waiter<T, R>[] = []
  // One group at a time: items queued while a group is written (an async driver) form the next one.
  let busy = false

  async function writeGroup(group: Waiter<T, R>[]): Promise<void> {
    let results: R[]
    try {
      results = await writeAll(group.map((w) => w.item))
    } catch (err) {
      // Nothing of the group was written, so no item is written twice; alone, one bad item fails only its caller.
      if (group.length === 1) group[0]!.reject(err)
      else for (const w of group) await writeGroup([w])
      return
    }
    if (results.length === group.length) group.forEach((w, i) => w.resolve(results[i]!))
    else {
      const err = new Error(`group write answered ${results.length} results for ${group.length} items`)
      for (const w of group) w.reject(err)
    }
  }

  function flush(): void {
    busy = true
    const group = pending.splice(0, maxItems)
    void writeGroup(group).finally(() => {
      busy = false
      if (pending.length > 0) start()
    })
  }

  function start(): void {
    busy = true
    schedule(flush)
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject })
      if (!busy) start()
    })
}
