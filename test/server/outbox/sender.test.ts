import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { deliveries, lineAccounts, members } from '../../../db/schema'
import { enqueueMessage } from '../../../server/data/outbox'
import { drainOutbox } from '../../../server/outbox/sender'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppPerTest } from '../../support/test-app'

const customer = personaByKey('customer')!
const userId = (i: number) => `U${i.toString(16).padStart(32, '0')}`
const text = (t: string) => [{ type: 'text', text: t }]

describe('drainOutbox', () => {
  const t = testAppPerTest()

  const statuses = async () => {
    const rows = await t.db.select({ status: deliveries.status }).from(deliveries)
    return rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {})
  }
  const enqueue = (messages: Parameters<typeof enqueueMessage>[1][]) =>
    t.db.batch(messages.map((m) => enqueueMessage(t.db, m, t.clock.now)) as [ReturnType<typeof enqueueMessage>])
  const inboxTexts = (user: string) => (t.sandbox.messaging.record.inbox.get(user) ?? []).map((m) => m.message.text)

  it('pushes a personalised message with its retry key and marks it sent', async () => {
    await enqueue([
      {
        dedupeKey: 'receipt:1',
        kind: 'receipt',
        lineUserId: customer.lineUserId,
        messages: text('ありがとうございました'),
      },
    ])
    const report = await drainOutbox(t.deps)
    expect(report).toMatchObject({ claimed: 1, sent: 1, pushRequests: 1 })
    const [row] = await t.db.select().from(deliveries)
    expect(row).toMatchObject({ status: 'sent', attempts: 1 })
    expect(t.sandbox.messaging.record.requests[0]).toMatchObject({ kind: 'push', retryKey: row!.retryKey })
    expect(inboxTexts(customer.lineUserId)).toEqual(['ありがとうございました'])
  })

  it('waits for notBefore', async () => {
    await enqueue([
      {
        dedupeKey: 'later',
        kind: 'notice',
        lineUserId: customer.lineUserId,
        messages: text('later'),
        notBefore: new Date(t.clock.now.getTime() + 60_000),
      },
    ])
    expect((await drainOutbox(t.deps)).claimed).toBe(0)
    t.clock.advance(60_000)
    expect((await drainOutbox(t.deps)).sent).toBe(1)
  })

  it('sends identical content to 1,200 users as 3 multicasts of at most 500', async () => {
    const users = Array.from({ length: 1200 }, (_, i) => userId(i + 1))
    for (let i = 0; i < users.length; i += 200) {
      await enqueue(
        users.slice(i, i + 200).map((u) => ({
          dedupeKey: `campaign:1:${u}`,
          kind: 'notice',
          lineUserId: u,
          messages: text('セール'),
          contentHash: 'h1',
        })),
      )
    }
    const report = await drainOutbox(t.deps)
    expect(report).toMatchObject({ sent: 1200, multicastRequests: 3, pushRequests: 0 })
    const requests = t.sandbox.messaging.record.requests
    expect(requests.map((r) => r.to.length).sort()).toEqual([200, 500, 500])
    expect(users.every((u) => inboxTexts(u).length === 1)).toBe(true)
  })

  it('skips blocked, unlinked and opted-out recipients, with the reason', async () => {
    const newcomer = personaByKey('newcomer')!
    await t.db.update(members).set({ pointNotices: false }).where(eq(members.id, 1))
    await enqueue([
      { dedupeKey: 'a', kind: 'balance_notice', lineUserId: customer.lineUserId, messages: text('残高') },
      { dedupeKey: 'b', kind: 'reservation', lineUserId: newcomer.lineUserId, messages: text('予約') },
    ])
    await t.db
      .update(lineAccounts)
      .set({ friendStatus: 'blocked' })
      .where(eq(lineAccounts.lineUserId, newcomer.lineUserId))
    await enqueue([{ dedupeKey: 'c', kind: 'notice', lineUserId: newcomer.lineUserId, messages: text('お知らせ') }])
    expect(await drainOutbox(t.deps)).toMatchObject({ skipped: 3, sent: 0 })
    const rows = await t.db.select().from(deliveries).orderBy(deliveries.dedupeKey)
    expect(rows.map((r) => r.lastError)).toEqual([
      'opted out of point notices',
      expect.stringMatching(/^blocked/),
      expect.stringMatching(/^blocked/),
    ])
    expect(t.sandbox.messaging.record.requests).toHaveLength(0)
  })

  it('marks a message LINE rejects (400) as failed with LINE’s message, without retrying', async () => {
    await enqueue([{ dedupeKey: 'bad', kind: 'notice', lineUserId: customer.lineUserId, messages: [{ type: 'text' }] }])
    expect(await drainOutbox(t.deps)).toMatchObject({ failed: 1 })
    const [row] = await t.db.select().from(deliveries)
    expect(row!.status).toBe('failed')
    expect(row!.lastError).toMatch(/^400 The request body has/)
  })

  it('backs off on 5xx and gives up as dead after the bounded attempts, keeping the error', async () => {
    await enqueue([{ dedupeKey: 'x', kind: 'notice', lineUserId: customer.lineUserId, messages: text('x') }])
    t.sandbox.messaging.faults.serverErrorRate = 1
    const waits: number[] = []
    for (let i = 0; i < 8; i++) {
      const before = t.clock.now.getTime()
      await drainOutbox(t.deps)
      const [row] = await t.db.select().from(deliveries)
      if (row!.status === 'pending') waits.push(row!.nextAttemptAt.getTime() - before)
      t.clock.advance(60 * 60_000)
    }
    const [row] = await t.db.select().from(deliveries)
    expect(row).toMatchObject({ status: 'dead', attempts: 8 })
    expect(row!.lastError).toMatch(/gave up after 8 attempts: 500 Internal server error/)
    expect(waits).toHaveLength(7)
    waits.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(1000 * 2 ** i))
  })

  it('counts a crash between sending and marking sent as sent (retry key → 409), sending once', async () => {
    await enqueue([{ dedupeKey: 'crash', kind: 'notice', lineUserId: customer.lineUserId, messages: text('一度だけ') }])
    // A sender claimed the row and LINE accepted its push, then the sender died before writing the outcome.
    const [row] = await t.db.select().from(deliveries)
    await t.deps.line.messaging.pushMessage({ to: row!.lineUserId, messages: text('一度だけ') as never }, row!.retryKey)
    await t.db
      .update(deliveries)
      .set({ status: 'sending', attempts: 1, leaseUntil: new Date(t.clock.now.getTime() + 60_000) })
    expect((await drainOutbox(t.deps)).claimed).toBe(0)
    t.clock.advance(60_000)
    expect(await drainOutbox(t.deps)).toMatchObject({ claimed: 1, sent: 1 })
    const [after] = await t.db.select().from(deliveries)
    expect(after).toMatchObject({ status: 'sent', attempts: 2 })
    expect(after!.lastError).toMatch(/already accepted/)
    expect(inboxTexts(customer.lineUserId)).toEqual(['一度だけ'])
  })

  it('defers what exceeds the monthly quota left, and reports it', async () => {
    t.sandbox.messaging.limits.monthlyQuota = 600
    const users = Array.from({ length: 700 }, (_, i) => userId(5000 + i))
    for (let i = 0; i < users.length; i += 100) {
      await enqueue(
        users
          .slice(i, i + 100)
          .map((u) => ({ dedupeKey: `q:${u}`, kind: 'notice', lineUserId: u, messages: text(`残り ${u}`) })),
      )
    }
    const report = await drainOutbox(t.deps, { ratePerSecond: 5000 })
    expect(report.quotaLimited).toEqual({ remaining: 600, due: 700 })
    expect(report.sent).toBe(600)
    expect(await statuses()).toEqual({ sent: 600, pending: 100 })
  })

  it('loses nothing and sends nothing twice under 5% 5xx, 429 bursts, timeouts and crashes after accept', async () => {
    const personal = Array.from({ length: 300 }, (_, i) => userId(10_000 + i))
    const crowd = Array.from({ length: 1100 }, (_, i) => userId(20_000 + i))
    for (let i = 0; i < personal.length; i += 100) {
      await enqueue(
        personal
          .slice(i, i + 100)
          .map((u) => ({ dedupeKey: `p:${u}`, kind: 'notice', lineUserId: u, messages: text(`あなただけ ${u}`) })),
      )
    }
    for (let i = 0; i < crowd.length; i += 100) {
      await enqueue(
        crowd.slice(i, i + 100).map((u) => ({
          dedupeKey: `c:${u}`,
          kind: 'notice',
          lineUserId: u,
          messages: text('みんなへ'),
          contentHash: 'same',
        })),
      )
    }
    Object.assign(t.sandbox.messaging.faults, {
      serverErrorRate: 0.05,
      crashAfterAcceptRate: 0.05,
      timeoutRate: 0.02,
      timeoutMs: 3000,
      rateLimitBurst: 15,
      seed: 7,
    })
    for (let round = 0; round < 20 && (await statuses()).sent !== 1400; round++) {
      if (round === 3) t.sandbox.messaging.faults.rateLimitBurst = 10
      // Few requests in flight, so that on a loaded machine no answer but a hung one takes the 2 s the sender waits.
      await drainOutbox(t.deps, { timeoutMs: 2000, concurrency: 8, batchSize: 250 })
      t.clock.advance(20 * 60_000)
    }
    expect(await statuses()).toEqual({ sent: 1400 })
    for (const u of personal) expect(inboxTexts(u)).toEqual([`あなただけ ${u}`])
    for (const u of crowd) expect(inboxTexts(u)).toEqual(['みんなへ'])
    const multicasts = t.sandbox.messaging.record.requests.filter((r) => r.kind === 'multicast')
    expect(multicasts.length).toBeLessThanOrEqual(Math.ceil(1100 / 500) + 6)
  })
})
