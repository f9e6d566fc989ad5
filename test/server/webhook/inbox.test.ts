import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { accountLinkNonces, auditLog, deliveries, lineAccounts, reservations, webhookEvents } from '../../../db/schema'
import { demo } from '../../../db/seed'
import { runScheduledJobs } from '../../../server/jobs'
import { issueNonce } from '../../../server/linking/nonce'
import { personaByKey } from '../../../server/sandbox/personas'
import { signBody } from '../../../server/sandbox/webhook-sender'
import { maxEventAttempts, processDueWebhookEvents, retryDelayMs } from '../../../server/webhook/process'
import { bearer, testAppPerSuite } from '../../support/test-app'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

describe('webhook inbox', () => {
  // 12:00 JST on 23 Nov; the customer (member 1) has reservations 1 and 2 ahead.
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00') })
  beforeAll(async () => {
    // The first event asks LINE for the bot's user id; later LINE faults then hit the handlers' own calls.
    await t.sandbox.webhook.follow(customer.lineUserId)
    await t.settle()
    // The follow's greeting (greeting.test.ts) is not what these tests count.
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
  })

  const row = async (id: string) =>
    (await t.db.query.webhookEvents.findFirst({ where: eq(webhookEvents.webhookEventId, id) }))!
  const replies = (userId: string) =>
    (t.sandbox.messaging.record.inbox.get(userId) ?? []).filter((m) => m.kind === 'reply')
  /** Sets the sandbox's failure knobs through its HTTP control endpoint, as an operator would. */
  async function faults(patch: Record<string, number>) {
    const res = await fetch(`${t.config.sandboxUrl}/line/__sandbox/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    })
    expect(res.status).toBe(200)
  }
  /** Moves the clock past the event's retry time and runs the frequent scheduled job. */
  async function retryByJob(id: string) {
    t.clock.now = new Date(Math.max(t.clock.now.getTime(), (await row(id)).nextAttemptAt.getTime()) + 1)
    return (await runScheduledJobs(t.deps, t.clock.now)).webhookEvents
  }

  it('retries a postback whose reply fails twice and confirms the reservation and answers once', async () => {
    const event = t.sandbox.webhook.build({
      type: 'postback',
      userId: customer.lineUserId,
      data: 'reservation:confirm:1',
    })
    await faults({ rateLimitBurst: 1 })
    expect((await t.sandbox.webhook.send([event])).status).toBe(200)
    await t.settle()
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'pending', attempts: 1 })
    expect((await row(event.webhookEventId)).lastError).toContain('429')

    await faults({ rateLimitBurst: 1 })
    expect(await retryByJob(event.webhookEventId)).toMatchObject({ retrying: 1 })
    expect(await retryByJob(event.webhookEventId)).toMatchObject({ handled: 1 })

    expect(await row(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 3 })
    const confirmed = await t.db.query.reservations.findFirst({ where: eq(reservations.id, 1) })
    expect(confirmed!.status).toBe('confirmed')
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'reservation.confirmed'))
    expect(audits).toHaveLength(1)
    expect(replies(customer.lineUserId)).toHaveLength(1)
  })

  it('answers 500 when the events cannot be stored, storing none of the body, and takes the redelivery', async () => {
    const first = t.sandbox.webhook.build({ type: 'follow', userId: newcomer.lineUserId })
    const second = t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text: 'ポイント' })
    await t.db.run(
      sql.raw(`CREATE TRIGGER fail_store BEFORE INSERT ON webhook_events
        WHEN NEW.webhook_event_id = '${second.webhookEventId}' BEGIN SELECT RAISE(ABORT, 'injected store failure'); END`),
    )
    expect((await t.sandbox.webhook.send([first, second])).status).toBe(500)
    await t.settle()
    const stored = await t.db.select().from(webhookEvents).where(eq(webhookEvents.webhookEventId, first.webhookEventId))
    expect(stored).toHaveLength(0)

    await t.db.run(sql`DROP TRIGGER fail_store`)
    const redelivered = [first, second].map((e) => ({ ...e, deliveryContext: { isRedelivery: true } }))
    expect((await t.sandbox.webhook.send(redelivered)).status).toBe(200)
    await t.settle()
    expect(await row(first.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
    expect(await row(second.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('handles a redelivered event (same webhookEventId) once', async () => {
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
    const event = t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text: 'ポイント' })
    await t.sandbox.webhook.send([event])
    await t.settle()
    await t.sandbox.webhook.send([{ ...event, deliveryContext: { isRedelivery: true } }])
    await t.settle()
    expect(await processDueWebhookEvents(t.deps, t.clock.now)).toMatchObject({ handled: 0 })
    expect(replies(customer.lineUserId)).toHaveLength(1)
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
  })

  it('stores a standby event and never acts on it', async () => {
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
    const event = {
      ...t.sandbox.webhook.build({ type: 'postback', userId: customer.lineUserId, data: 'reservation:cancel:2' }),
      mode: 'standby' as const,
    }
    expect((await t.sandbox.webhook.send([event])).status).toBe(200)
    await t.settle()
    t.clock.advance(60 * 60_000)
    await processDueWebhookEvents(t.deps, t.clock.now)
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'standby', attempts: 0, type: 'postback' })
    expect((await row(event.webhookEventId)).event).toMatchObject({ postback: { data: 'reservation:cancel:2' } })
    const reservation = await t.db.query.reservations.findFirst({ where: eq(reservations.id, 2) })
    expect(reservation!.status).not.toBe('cancelled')
    expect(replies(customer.lineUserId)).toHaveLength(0)
  })

  it('does not act on events sent to another bot, and records why', async () => {
    const event = t.sandbox.webhook.build({ type: 'unfollow', userId: customer.lineUserId })
    const body = JSON.stringify({ destination: `U${'0'.repeat(32)}`, events: [event] })
    const res = await t.app.request('/webhook/line', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signBody(t.config.line.channelSecret, body) },
      body,
    })
    expect(res.status).toBe(200)
    await t.settle()
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'failed' })
    expect((await row(event.webhookEventId)).lastError).toMatch(/destination .* is not this bot/)
    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, customer.lineUserId) })
    expect(account!.friendStatus).toBe('friend')
  })

  it('lets the background task and the scheduled job race and handles each event once', async () => {
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
    const events = Array.from({ length: 6 }, () =>
      t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text: '会員証' }),
    )
    expect((await t.sandbox.webhook.send(events)).status).toBe(200)
    const [job, background] = await Promise.all([processDueWebhookEvents(t.deps, t.clock.now), t.settle()])
    const reports = [job, ...(background as { handled: number; skipped: number }[])]
    expect(reports.reduce((n, r) => n + r.handled, 0)).toBe(6)
    for (const event of events) expect(await row(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
    expect(replies(customer.lineUserId)).toHaveLength(6)
  })

  it('ends an event that always fails as dead, lists it for admins, and handles it again on retry', async () => {
    t.sandbox.messaging.record.inbox.delete(customer.lineUserId)
    const event = t.sandbox.webhook.build({ type: 'message', userId: customer.lineUserId, text: '予約' })
    await faults({ serverErrorRate: 1 })
    await t.sandbox.webhook.send([event])
    await t.settle()
    for (let attempt = 2; attempt <= maxEventAttempts; attempt++) await retryByJob(event.webhookEventId)
    await faults({ serverErrorRate: 0 })
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'dead', attempts: maxEventAttempts })
    t.clock.advance(retryDelayMs(maxEventAttempts) * 2)
    expect(await processDueWebhookEvents(t.deps, t.clock.now)).toMatchObject({ handled: 0 })

    const admin = bearer(await t.signIn('admin'))
    const listed = await t.app.request('/api/admin/webhook-events?status=dead', admin)
    expect(listed.status).toBe(200)
    const { events } = (await listed.json()) as { events: Record<string, unknown>[] }
    expect(events).toEqual([
      expect.objectContaining({
        id: event.webhookEventId,
        type: 'message',
        status: 'dead',
        attempts: maxEventAttempts,
        lineUserId: customer.lineUserId,
        lastError: expect.stringContaining('500'),
      }),
    ])
    const failedAndDead = (await (await t.app.request('/api/admin/webhook-events', admin)).json()) as {
      events: { id: string }[]
    }
    expect(failedAndDead.events.map((e) => e.id)).toContain(event.webhookEventId)
    expect((await t.app.request('/api/admin/webhook-events', bearer(await t.signIn('customer')))).status).toBe(403)

    const retry = await t.app.request(`/api/admin/webhook-events/${event.webhookEventId}/retry`, {
      method: 'POST',
      ...admin,
    })
    expect(retry.status).toBe(202)
    expect(await retry.json()).toMatchObject({ status: 'pending', attempts: 0 })
    await t.settle()
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'done', attempts: 1 })
    expect(replies(customer.lineUserId)).toHaveLength(1)
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'webhook_event.retried'))
    expect(audits.map((a) => a.target)).toEqual([`webhook-event:${event.webhookEventId}`])

    const again = await t.app.request(`/api/admin/webhook-events/${event.webhookEventId}/retry`, {
      method: 'POST',
      ...admin,
    })
    expect(again.status).toBe(409)
    expect((await again.json()).error.code).toBe('webhook_event_not_retryable')
    const unknown = await t.app.request('/api/admin/webhook-events/01NOSUCHEVENT/retry', { method: 'POST', ...admin })
    expect(unknown.status).toBe(404)
  })

  it('keeps the account-link nonce through a failed link and links on the retry', async () => {
    const nonce = await issueNonce(t.db, newcomer.lineUserId, demo.unlinkedMemberId, t.clock.now)
    // A transient database failure of the link's own statement (the batch that would use the nonce up).
    await t.db.run(
      sql.raw(`CREATE TRIGGER fail_link BEFORE UPDATE OF member_id ON line_accounts
      WHEN NEW.line_user_id = '${newcomer.lineUserId}' AND NEW.member_id IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'injected link failure'); END`),
    )
    const event = t.sandbox.webhook.build({ type: 'accountLink', userId: newcomer.lineUserId, result: 'ok', nonce })
    await t.sandbox.webhook.send([event])
    await t.settle()
    expect(await row(event.webhookEventId)).toMatchObject({ status: 'pending', attempts: 1 })
    expect((await row(event.webhookEventId)).lastError).toContain('injected link failure')
    const [unused] = await t.db.select().from(accountLinkNonces)
    expect(unused).toMatchObject({ usedAt: null, webhookEventId: null })

    // The nonce's ten minutes run out before the retry: it is judged by when the event came.
    t.clock.advance(11 * 60_000)
    await t.db.run(sql`DROP TRIGGER fail_link`)
    expect(await retryByJob(event.webhookEventId)).toMatchObject({ handled: 1 })

    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, newcomer.lineUserId) })
    expect(account).toMatchObject({ memberId: demo.unlinkedMemberId, linkMethod: 'account_link' })
    const [used] = await t.db.select().from(accountLinkNonces)
    expect(used).toMatchObject({ result: 'ok', webhookEventId: event.webhookEventId })
    const links = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.link'), eq(auditLog.target, `member:${demo.unlinkedMemberId}`)))
    expect(links).toHaveLength(1)
    const welcome = await t.db
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.lineUserId, newcomer.lineUserId), eq(deliveries.kind, 'account_link')))
    expect(welcome).toHaveLength(1)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'account_link.rejected'))).toHaveLength(0)
  })
})
