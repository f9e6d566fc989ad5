// Cloudflare Queues' delivery to a consumer, as the worker-fanout benchmark needs it and miniflare does not do it:
// up to `maxConcurrency` consumer invocations at once (miniflare's local broker runs one batch at a time), each a
// batch of up to `maxBatchSize` messages (or what arrived within `maxBatchTimeout`), dispatched to the Worker in
// workerd through miniflare's own API for queue events (`Fetcher.queue`, the same call miniflare's broker makes).
// Retries follow the invocation's answer (retryAll, retry(delaySeconds), or an invocation that threw or died: the
// whole batch again); after `maxRetries` failed deliveries a message goes to the dead-letter queue's consumer.

export interface QueueMessageInput<Body> {
  id: string
  timestamp: number
  body: Body
}

/** The slice of miniflare's `getWorker()` Fetcher used here (workers-types' `Fetcher.queue`). */
export interface QueueTarget {
  queue(
    queueName: string,
    messages: { id: string; timestamp: Date; attempts: number; body: unknown }[],
  ): Promise<{
    outcome: string
    retryBatch: { retry: boolean; delaySeconds?: number }
    retryMessages: { msgId: string; delaySeconds?: number }[]
  }>
}

export interface DeliveryOptions {
  queueName: string
  maxBatchSize: number
  maxBatchTimeoutSeconds: number
  maxRetries: number
  maxConcurrency: number
  deadLetterQueue?: string
}

export interface DeliveryStats {
  /** Consumer invocations started (the dead-letter queue's not counted). */
  invocations: number
  /** Invocations that threw or died with the batch (the process killed under them). */
  failedInvocations: number
  /** Invocations that handed at least one message back for a retry. */
  withRetries: number
  /** Invocations running now, and the most at once. */
  running: number
  peakConcurrency: number
  /** Invocation-seconds spent, and the time from the first start to the last end (mean concurrency = their ratio). */
  busySeconds: number
  spanSeconds: number
  deadLettered: number
}

interface Held<Body> extends QueueMessageInput<Body> {
  failedAttempts: number
}

export interface QueueDelivery<Body> {
  add(messages: readonly QueueMessageInput<Body>[]): void
  /** Invocations wait while paused (the Worker's process is being restarted); `target` is the Worker to call after. */
  pause(): void
  resume(target: QueueTarget): void
  /** Messages waiting, delayed or in an invocation. */
  outstanding(): number
  stats(): DeliveryStats
  close(): void
}

export function createQueueDelivery<Body>(first: QueueTarget, o: DeliveryOptions): QueueDelivery<Body> {
  let target: QueueTarget | null = first
  const ready: Held<Body>[] = []
  let delayed = 0
  let inFlight = 0
  let running = 0
  let fillTimer: ReturnType<typeof setTimeout> | undefined
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const stats: DeliveryStats = {
    invocations: 0,
    failedInvocations: 0,
    withRetries: 0,
    running: 0,
    peakConcurrency: 0,
    busySeconds: 0,
    spanSeconds: 0,
    deadLettered: 0,
  }
  let firstStart = 0
  let closed = false

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  async function deadLetter(batch: Held<Body>[]) {
    stats.deadLettered += batch.length
    if (!o.deadLetterQueue) return
    const dlq = o.deadLetterQueue
    for (;;) {
      while (!target) await new Promise((r) => setTimeout(r, 100))
      const messages = batch.map((m) => ({ id: m.id, timestamp: new Date(m.timestamp), attempts: 1, body: m.body }))
      const ok = await target.queue(dlq, messages).then(
        (r) => r.outcome === 'ok' && !r.retryBatch.retry,
        () => false,
      )
      if (ok || closed) return
      await new Promise((r) => setTimeout(r, 1000))
    }
  }

  async function invoke(batch: Held<Body>[]) {
    const started = performance.now()
    if (stats.invocations === 0) firstStart = started
    stats.invocations++
    running++
    stats.peakConcurrency = Math.max(stats.peakConcurrency, running)
    const messages = batch.map((m) => ({
      id: m.id,
      timestamp: new Date(m.timestamp),
      attempts: m.failedAttempts + 1,
      body: m.body,
    }))
    let retryAll: boolean
    let retryAllDelay = 0
    const retry = new Map<string, number>()
    try {
      const result = await target!.queue(o.queueName, messages)
      retryAll = result.retryBatch.retry || result.outcome !== 'ok'
      retryAllDelay = result.retryBatch.delaySeconds ?? 0
      for (const r of result.retryMessages) retry.set(r.msgId, r.delaySeconds ?? 0)
      if (result.outcome !== 'ok') stats.failedInvocations++
    } catch {
      // The invocation died (its process was killed): Cloudflare delivers the batch again.
      retryAll = true
      stats.failedInvocations++
    }
    running--
    stats.busySeconds += (performance.now() - started) / 1000
    stats.spanSeconds = (performance.now() - firstStart) / 1000
    const toDeadLetter: Held<Body>[] = []
    let retried = false
    for (const m of batch) {
      if (!retryAll && !retry.has(m.id)) continue
      retried = true
      m.failedAttempts++
      if (m.failedAttempts > o.maxRetries) {
        toDeadLetter.push(m)
        continue
      }
      const delaySeconds = retry.get(m.id) ?? retryAllDelay
      delayed++
      later(delaySeconds * 1000, () => {
        delayed--
        ready.push(m)
        pump()
      })
    }
    if (retried) stats.withRetries++
    if (toDeadLetter.length > 0) await deadLetter(toDeadLetter)
    inFlight -= batch.length
    pump()
  }

  function pump() {
    if (closed || !target) return
    while (running < o.maxConcurrency && ready.length >= o.maxBatchSize) flush()
    // A batch that is not full leaves once maxBatchTimeout has passed.
    if (ready.length > 0 && running < o.maxConcurrency && !fillTimer)
      fillTimer = setTimeout(() => {
        fillTimer = undefined
        flush()
        pump()
      }, o.maxBatchTimeoutSeconds * 1000)
  }

  function flush() {
    if (closed || !target || running >= o.maxConcurrency || ready.length === 0) return
    const batch = ready.splice(0, o.maxBatchSize)
    inFlight += batch.length
    void invoke(batch)
  }

  return {
    add(messages) {
      for (const m of messages) ready.push({ ...m, failedAttempts: 0 })
      pump()
    },
    pause() {
      target = null
    },
    resume(next) {
      target = next
      pump()
    },
    outstanding: () => ready.length + delayed + inFlight,
    stats: () => ({ ...stats, running }),
    close() {
      closed = true
      if (fillTimer) clearTimeout(fillTimer)
      for (const t of timers) clearTimeout(t)
    },
  }
}
