// The outbox on Cloudflare Queues inside workerd: the cron hands due deliveries to the Queue (miniflare), the
// Worker's `queue` consumer sends them to the sandbox under the pacer object; redeliveries and crashes send nothing
// twice, faults are retried.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { inArray, like, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as schema from '../../db/schema'
import { openD1 } from '../../db/d1'
import { enqueueMessage } from '../../server/data/outbox'
import { loadConfig } from '../../server/config'
import { createLinePlatform } from '../../server/line/platform'
import { enqueueDueDeliveries, handOnNow, type OutboxClaimMessage } from '../../server/outbox/queue-producer'
import { sendClaims } from '../../server/outbox/queue-consumer'
import worker from '../../server/worker'

const db = openD1(env.DB)
const sandboxUrl = String(env.LINE_SANDBOX_URL)
const clock = () => new Date()
const deps = { db, clock, line: createLinePlatform(loadConfig(env).line, clock) }
vi.spyOn(console, 'log').mockImplementation(() => {})

const userIds = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `U${prefix}${String(i).padStart(32 - prefix.length, '0')}`)

/** Plans one personalised message per user (and, with `shared`, one identical text for all of them). */
async function plan(prefix: string, users: string[], shared = false): Promise<number[]> {
  const now = new Date(Date.now() - 1000)
  const statements = users.map((to, i) =>
    enqueueMessage(
      db,
      {
        dedupeKey: `queue-test:${prefix}:${i}`,
        kind: 'notice',
        lineUserId: to,
        messages: [{ type: 'text', text: shared ? `${prefix} のお知らせ` : `${prefix} ${i} 様へ` }],
        contentHash: shared ? `queue-test:${prefix}` : undefined,
      },
      now,
    ),
  )
  await db.batch(statements as [(typeof statements)[0], ...typeof statements])
  const rows = await db
    .select({ id: schema.deliveries.id })
    .from(schema.deliveries)
    .where(like(schema.deliveries.dedupeKey, `queue-test:${prefix}:%`))
  return rows.map((r) => r.id)
}

async function inboxSizes(users: string[]): Promise<number[]> {
  return Promise.all(
    users.map(async (user) => {
      const res = await fetch(`${sandboxUrl}/line/__sandbox/record?user=${user}&limit=0`)
      return ((await res.json()) as { inbox: Record<string, unknown[]> }).inbox[user]?.length ?? 0
    }),
  )
}

async function statuses(ids: number[]): Promise<string[]> {
  const rows = await db
    .select({ status: schema.deliveries.status })
    .from(schema.deliveries)
    .where(inArray(schema.deliveries.id, sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`))
  return rows.map((r) => r.status)
}

/** The producer with the Queue replaced by a list, so a test delivers (and redelivers) its messages by hand. */
async function claimToList(now = new Date()): Promise<OutboxClaimMessage[]> {
  const sent: OutboxClaimMessage[] = []
  await enqueueDueDeliveries(deps, { sendBatch: async (ms) => void sent.push(...[...ms].map((m) => m.body)) }, now)
  return sent
}

/** The producer's claims of due rows, narrowed to `ids`, as the Queue's first delivery of them hands them on. */
async function firstDeliveryOf(ids: number[]) {
  return (await claimToList()).map((c) => ({
    body: { ...c, ids: c.ids.filter((id) => ids.includes(id)) },
    redeliver: true,
    attempts: 1,
  }))
}

/** Delivers `claims` to the Worker's consumer as one batch, as the Queue would (attempt `attempts`). */
async function deliver(claims: OutboxClaimMessage[], attempts = 1, queue = 'tsunagu-outbox') {
  const batch = createMessageBatch(
    queue,
    claims.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts, body })),
  )
  // The test helper's result names retried messages only; their delays are read off the calls.
  const delays: (number | undefined)[] = []
  for (const message of batch.messages) {
    const retry = message.retry.bind(message)
    message.retry = (options) => {
      delays.push(options?.delaySeconds)
      retry(options)
    }
  }
  const ctx = createExecutionContext()
  await worker.queue(batch, env, ctx)
  return { ...(await getQueueResult(batch, ctx)), delays }
}

async function setFaults(faults: Record<string, number>): Promise<void> {
  await fetch(`${sandboxUrl}/line/__sandbox/faults`, { method: 'PUT', body: JSON.stringify(faults) })
}

beforeAll(async () => {
  const now = new Date()
  await db.insert(schema.settings).values({ key: 'messaging', value: { quietHours: null, expiryWarningDays: 30 } })
  await db.insert(schema.jobRuns).values({ name: 'daily', period: '9999-12-31', claimedAt: now, finishedAt: now })
})

describe('outbox on Cloudflare Queues', () => {
  it('hands due deliveries from a cron tick to the Queue, whose consumer sends each once', async () => {
    const users = userIds('a', 150)
    const ids = await plan('a', users)
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '*/5 * * * *' }), env, ctx)
    await waitOnExecutionContext(ctx)

    await vi.waitFor(async () => expect(new Set(await statuses(ids))).toEqual(new Set(['sent'])), {
      timeout: 30_000,
      interval: 200,
    })
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('sends identical content as multicast, and a redelivered batch sends nothing twice', async () => {
    const users = userIds('b', 30)
    const ids = await plan('b', users, true)
    const claims = await claimToList()
    expect(claims.flatMap((c) => c.ids).sort()).toEqual([...ids].sort())

    const acked = claims.map((_, i) => `m${i}`)
    expect(await deliver(claims)).toMatchObject({ ackAll: false, explicitAcks: acked })
    // The Queue delivers the same messages again (at-least-once): acked with nothing sent.
    expect(await deliver(claims, 2)).toMatchObject({ ackAll: false, explicitAcks: acked })

    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
    const multicast = await db
      .select({ retryKey: schema.deliveries.retryKey })
      .from(schema.deliveries)
      .where(inArray(schema.deliveries.id, ids))
    expect(new Set(multicast.map((r) => r.retryKey)).size).toBe(1)
  })

  it('sends once what a consumer that died mid-batch had sent before it could mark it', async () => {
    const users = userIds('c', 12)
    const ids = await plan('c', users)
    const claims = await claimToList()
    const rows = await db.select().from(schema.deliveries).where(inArray(schema.deliveries.id, ids))
    // The consumer that died: it pushed the first half with each row's retry key, then nothing was recorded.
    for (const row of rows.slice(0, 6)) {
      await deps.line.messaging.pushMessage({ to: row.lineUserId, messages: row.messages as never }, row.retryKey)
    }
    expect(await statuses(ids)).toEqual(ids.map(() => 'sending'))

    await deliver(claims, 2)

    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('retries 5xx and 429 through the Queue with a delay, under the same retry keys, and sends each row once', async () => {
    const users = userIds('d', 10)
    const ids = await plan('d', users)
    const claims = await claimToList()
    const first = claims.map((c) => ({ ...c, ids: c.ids.slice(0, 4) }))
    const rest = claims.map((c) => ({ ...c, ids: c.ids.slice(4) }))
    // Answered 500 every time (more than the invocation's one quick retry), then a burst of 429s longer than the
    // invocation's own quick retries (3 sends for each of the 6 rows).
    await setFaults({ serverErrorRate: 1 })
    let crashed
    try {
      crashed = await deliver(first)
    } finally {
      await setFaults({ serverErrorRate: 0, rateLimitBurst: 18 })
    }
    let limited
    try {
      limited = await deliver(rest)
    } finally {
      await setFaults({ rateLimitBurst: 0 })
    }
    for (const result of [crashed, limited]) {
      expect(result.explicitAcks).toEqual([])
      expect(result).toMatchObject({ retryMessages: [{ msgId: 'm0' }] })
      expect(result.delays).toHaveLength(1)
      expect(result.delays[0]).toBeGreaterThanOrEqual(1)
    }
    // Still held by their claims, so the Queue's redelivery (not the next cron run) sends them.
    expect(await statuses(ids)).toEqual(ids.map(() => 'sending'))

    expect(await deliver(first, 2)).toMatchObject({ explicitAcks: ['m0'], retryMessages: [] })
    expect(await deliver(rest, 2)).toMatchObject({ explicitAcks: ['m0'], retryMessages: [] })

    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('sends a request answered 429 with no Retry-After again at its next start, without waiting for the Queue', async () => {
    const users = userIds('q', 6)
    const ids = await plan('q', users)
    const claims = (await claimToList()).map((c) => ({ ...c, ids: c.ids.filter((id) => ids.includes(id)) }))
    await setFaults({ rateLimitBurst: 4 })
    try {
      expect(await deliver(claims)).toMatchObject({ explicitAcks: ['m0'], retryMessages: [] })
    } finally {
      await setFaults({ rateLimitBurst: 0 })
    }
    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('sends a request answered 5xx again once at its next start: accepted after all, LINE answers 409 and it is sent once', async () => {
    const users = userIds('x', 4)
    const ids = await plan('x', users)
    const claims = (await claimToList()).map((c) => ({ ...c, ids: c.ids.filter((id) => ids.includes(id)) }))
    // Every first send is accepted and delivered, then answered 500 (a crash after sending); the quick retry under
    // the same retry key gets LINE's 409, which counts as sent.
    await setFaults({ crashAfterAcceptRate: 1 })
    let result
    try {
      result = await deliver(claims)
    } finally {
      await setFaults({ crashAfterAcceptRate: 0 })
    }
    expect(result).toMatchObject({ explicitAcks: ['m0'], retryMessages: [] })
    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('records a failure on the last delivery before the dead-letter queue as pending, for the next cron run', async () => {
    const users = userIds('f', 3)
    const ids = await plan('f', users)
    const claims = await claimToList()
    await setFaults({ serverErrorRate: 1 })
    try {
      expect(await deliver(claims, 6)).toMatchObject({ explicitAcks: ['m0'], retryMessages: [] })
    } finally {
      await setFaults({ serverErrorRate: 0 })
    }
    const retried = await db.select().from(schema.deliveries).where(inArray(schema.deliveries.id, ids))
    expect(retried.map((r) => r.status)).toEqual(ids.map(() => 'pending'))
    expect(retried.every((r) => r.nextAttemptAt.getTime() > Date.now() && r.lastError)).toBe(true)

    // The next cron run, once the backoff is over.
    await deliver(await claimToList(new Date(Date.now() + 3_600_000)))

    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it('marks the rows of a dead-lettered message dead, for the console', async () => {
    const ids = await plan('e', userIds('e', 3))
    const claims = await claimToList()
    await deliver(claims, 6, 'tsunagu-outbox-dlq')
    const rows = await db.select().from(schema.deliveries).where(inArray(schema.deliveries.id, ids))
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'dead'))
    expect(rows[0]!.lastError).toBe('dead-lettered after 6 queue deliveries')
  })

  it('hands a receipt to the Queue at once after a request, leaving rows held for quiet hours to the cron', async () => {
    const now = new Date(Date.now() - 1000)
    const statements = [true, false].map((held, i) =>
      enqueueMessage(
        db,
        {
          dedupeKey: `queue-test:g:${i}`,
          kind: held ? 'notice' : 'receipt',
          lineUserId: userIds('g', 2)[i]!,
          messages: [{ type: 'text', text: `g ${i}` }],
          holdInQuietHours: held,
        },
        now,
      ),
    )
    await db.batch(statements as [(typeof statements)[0], ...typeof statements])
    const rows = await db.select().from(schema.deliveries).where(like(schema.deliveries.dedupeKey, 'queue-test:g:%'))
    const sent: OutboxClaimMessage[] = []
    const work: Promise<unknown>[] = []
    handOnNow({
      ...deps,
      background: (p) => void work.push(p),
      outboxQueue: { sendBatch: async (ms) => void sent.push(...[...ms].map((m) => m.body)) },
    })
    await Promise.all(work)
    const receipt = rows.find((r) => r.kind === 'receipt')!
    const notice = rows.find((r) => r.kind === 'notice')!
    expect(sent.flatMap((c) => c.ids)).toEqual([receipt.id])
    // In id order: the held notice was planned first.
    expect(await statuses([notice.id, receipt.id])).toEqual(['pending', 'sending'])
  })

  it('stops within its subrequest budget and hands the rest back to the Queue, which sends them once', async () => {
    const users = userIds('h', 10)
    const ids = await plan('h', users)
    // Only this test's rows (the held notice of the test before is due too).
    const claims = await firstDeliveryOf(ids)
    const pacer = {
      reserve: async (n: number) => ({ starts: Array<number>(n).fill(Date.now()), calls: 1 }),
      note: () => {},
      flush: async () => 0,
    }
    // 1 claim read + 1 recipients read + 1 pacer call + 5 sends + 1 kept for the write.
    const first = await sendClaims(deps, claims, pacer, { subrequestBudget: 9 })
    expect(first.report.pushRequests).toBe(5)
    expect(first.report).toMatchObject({ subrequests: 9, sent: 5 })
    expect(first.verdicts).toEqual([{ ack: false, delaySeconds: 0 }])
    expect((await statuses(ids)).sort()).toEqual([...Array(5).fill('sent'), ...Array(5).fill('sending')].sort())

    const again = await sendClaims(deps, claims, pacer)
    expect(again.report.pushRequests).toBe(5)
    expect(again.verdicts).toEqual([{ ack: true }])
    expect(await statuses(ids)).toEqual(ids.map(() => 'sent'))
    expect(await inboxSizes(users)).toEqual(users.map(() => 1))
  })

  it("asks for one start per connection until it knows the round trip, then for more at its connections' pace", async () => {
    const users = userIds('p', 20)
    const ids = await plan('p', users)
    const claims = await firstDeliveryOf(ids)
    const asks: { wanted: number; gapMs: number }[] = []
    const pacer = {
      reserve: async (wanted: number, gapMs = 0) => {
        asks.push({ wanted, gapMs })
        return { starts: Array<number>(wanted).fill(Date.now()), calls: 1 }
      },
      note: () => {},
      flush: async () => 0,
    }
    const { report } = await sendClaims(deps, claims, pacer)
    expect(report.sent).toBe(20)
    // Starts bunched before any answer came back would pass unused while all 6 connections wait.
    expect(asks[0]).toEqual({ wanted: 6, gapMs: 0 })
    expect(asks[1]!.wanted).toBe(14)
    expect(asks[1]!.gapMs).toBeGreaterThan(0)
  })
})
