import { eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, jobCursors, members, webhookDeliveries, webhookEndpoints, type Staff } from '../../../db/schema'
import { signCouponToken } from '../../../server/domain/coupon'
import { maxDeliveryAttempts, outgoingEventTypes } from '../../../server/domain/outgoing-webhook'
import { loadSettings } from '../../../server/data/settings'
import { runScheduledJobs } from '../../../server/jobs'
import { unlimitedBudget } from '../../../server/jobs/chunked'
import { planOutgoingWebhooks } from '../../../server/outgoing-webhooks/plan'
import { personaByKey } from '../../../server/sandbox/personas'
import { issueCoupon } from '../../../server/usecases/coupon-issue'
import { linkMembership } from '../../../server/usecases/link'
import { redeemCoupon } from '../../../server/usecases/coupon-redeem'
import { reverseCouponRedemption } from '../../../server/usecases/coupon-reverse'
import { registerMembership } from '../../../server/usecases/register'
import { unlinkMembership } from '../../../server/usecases/unlink'
import { handleUnfollow } from '../../../server/webhook/friend-status'
import { defineCoupon } from '../../support/coupons'
import { registrationForm } from '../../support/registration'
import { serveOnLoopback } from '../../support/serve'
import { bearer, createTestApp, type TestApp } from '../../support/test-app'
import { verifyTsunaguSignature } from '../../support/tsunagu-signature'
import { webhookReceiver } from '../../support/webhook-receiver'
import { seededClerk } from '../../support/staff'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

/** The fields of the API's answers these tests read. */
interface Answer {
  error: { code: string }
  secret: string
  eventType: string
  dead: { id: number }[]
}

interface Created {
  endpoint: { id: number; secretPrefix: string; events: string[] }
  secret: string
}

describe('outgoing webhooks', () => {
  let t: TestApp
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>
  let clerk: Staff
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-23T12:00:00+09:00') })
    receiver = await webhookReceiver()
    clerk = await seededClerk(t.db)
    // The demo shop's own events are older than every endpoint below.
    t.clock.advance(1000)
  })
  afterAll(async () => {
    await t.settle()
    await receiver.close()
    await t.close()
  })
  afterEach(async () => {
    await t.settle()
    receiver.received.length = 0
    receiver.answers.length = 0
    admin = null
    t.deps.config = { ...t.config }
    await t.db.delete(webhookEndpoints)
  })

  /** An admin's session, signed in once per test at the test clock's time. */
  let admin: Record<string, string> | null = null
  const asAdmin = async () => (admin ??= bearer(await t.signIn('admin')).headers)
  async function call(method: string, path: string, body?: unknown) {
    const res = await t.app.request(`/api/admin/outgoing-webhooks${path === '/' ? '' : path}`, {
      method,
      headers: { ...(await asAdmin()), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Answer }
  }
  const create = async (input: Record<string, unknown>) => {
    const res = await call('POST', '/', { url: receiver.url(), ...input })
    expect(res.status).toBe(201)
    return res.body as unknown as Created
  }
  const tick = () => runScheduledJobs(t.deps, t.clock.now)
  /** LINE's unfollow event from `userId`, handled now. */
  const unfollow = (userId: string) =>
    handleUnfollow(t.deps, { type: 'unfollow', source: { type: 'user', userId } } as never, t.clock.now)
  const deliveriesOf = (endpointId: number) =>
    t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId))

  it('sends registrations, links, unlinks, unfollows, coupon uses and reversals, signed, with a stable event id', async () => {
    // Subscribed to every event type; each of the six is then caused once, below.
    const { endpoint, secret } = await create({ events: [...outgoingEventTypes] })
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/)
    expect(secret.startsWith(endpoint.secretPrefix)).toBe(true)
    // The secret is answered once: the overview names only its prefix.
    expect(JSON.stringify((await call('GET', '/')).body)).not.toContain(secret)

    const registered = await registerMembership(t.deps, await registrationForm(t.db, newcomer.lineUserId))
    expect(registered.ok).toBe(true)
    const coupon = await defineCoupon(t.db, { title: '誕生日 10%オフ' })
    const issued = await issueCoupon(t.deps, {
      couponId: coupon.id,
      memberId: 1,
      issueKey: 'webhook-test',
      source: 'admin',
      actor: 'admin:1',
    })
    const copyId = issued.ok ? issued.copy.id : 0
    const token = signCouponToken(t.config.cardKeys, copyId, t.clock.now).value
    const redeemed = await redeemCoupon(t.deps, { token, staff: clerk, storeId: clerk.storeId, idempotencyKey: 'r1' })
    const redemptionId = redeemed.ok ? redeemed.redemption.id : 0
    await reverseCouponRedemption(t.deps, { redemptionId, staff: clerk, reason: '誤操作' })
    await unlinkMembership(t.deps, { lineUserId: newcomer.lineUserId, actor: 'customer', reason: 'customer' })
    const memberId = registered.ok ? registered.memberId : 0
    await linkMembership(t.deps, { lineUserId: newcomer.lineUserId, memberId, method: 'liff', actor: 'test' })
    await unfollow(customer.lineUserId)
    await unfollow('U00000000000000000000000000000bad') // a friend with no membership: not the shop's business

    const report = await tick()
    expect(report.outgoingWebhooks).toMatchObject({ planned: 6, delivered: 6, retrying: 0, dead: 0 })
    // Up to 5 deliveries go out at once, so they may arrive in any order: in the order of their events' ids.
    const got = [...receiver.received].sort((a, b) => Number(a.payload.id.slice(4)) - Number(b.payload.id.slice(4)))
    expect(got.map((r) => r.payload.type)).toEqual([
      'member.registered',
      'coupon.used',
      'coupon.reversed',
      'member.unlinked',
      'member.linked',
      'member.unfollowed',
    ])
    for (const r of got) {
      expect(verifyTsunaguSignature(secret, r.body, r.signature)).toBe(true)
      expect(verifyTsunaguSignature('whsec_other', r.body, r.signature)).toBe(false)
      expect(r.signature).toMatch(new RegExp(`^t=${Math.floor(t.clock.now.getTime() / 1000)},v1=[0-9a-f]{64}$`))
      expect(r.eventId).toBe(r.payload.id)
      expect(r.payload.id).toMatch(/^evt_\d+$/)
      expect(r.payload.occurredAt).toBe(t.clock.now.toISOString())
      expect(r.body).not.toContain('lineUserId') // not opted in
    }
    const number1 = (await t.db.query.members.findFirst({ where: eq(members.id, 1) }))!.memberNumber
    expect(got[0]!.payload.data).toEqual({ memberNumber: registered.ok && registered.memberNumber })
    expect(got[1]!.payload.data).toMatchObject({
      memberNumber: number1,
      coupon: { id: coupon.id, title: '誕生日 10%オフ' },
      memberCouponId: copyId,
    })
    expect(got[2]!.payload.data).toMatchObject({ memberNumber: number1, redemptionId })
    expect(got[3]!.payload.data).toEqual({ memberNumber: got[0]!.payload.data.memberNumber, reason: 'customer' })
    expect(got[4]!.payload.data).toEqual({ memberNumber: got[0]!.payload.data.memberNumber, method: 'liff' })
    expect(got[5]!.payload.data).toEqual({ memberNumber: number1 })

    // Planned once: another run sends nothing again.
    expect((await tick()).outgoingWebhooks).toMatchObject({ planned: 0, delivered: 0 })
    expect(receiver.received).toHaveLength(6)
  })

  it("names the member's LINE user id only to an endpoint that opted in, and only the events it chose", async () => {
    const { endpoint: plain } = await create({ events: ['member.linked'] })
    const { endpoint: opted } = await create({ events: ['member.unfollowed'], includeLineUserId: true })
    const off = await create({ events: ['member.unfollowed'], active: false })
    await unfollow(customer.lineUserId)
    await tick()
    expect(await deliveriesOf(plain.id)).toHaveLength(0)
    expect(await deliveriesOf(off.endpoint.id)).toHaveLength(0)
    const [sent] = await deliveriesOf(opted.id)
    expect(JSON.parse(sent!.body).data).toMatchObject({ lineUserId: customer.lineUserId })

    // Turned off while a delivery waits for its retry: it is held, and goes once the endpoint is on again.
    const settings = { url: receiver.url(), events: ['member.unfollowed'], includeLineUserId: true }
    receiver.answers.push(503)
    await unfollow(customer.lineUserId)
    await tick()
    expect((await call('PUT', `/${opted.id}`, { ...settings, active: false })).status).toBe(200)
    t.clock.advance(60 * 60_000)
    await tick()
    expect((await deliveriesOf(opted.id)).at(-1)).toMatchObject({ status: 'pending', attempts: 1 })
    admin = null // the session is older than the hour just passed
    expect((await call('PUT', `/${opted.id}`, { ...settings, active: true })).status).toBe(200)
    await tick()
    expect((await deliveriesOf(opted.id)).at(-1)).toMatchObject({ status: 'delivered', attempts: 2 })
  })

  it('retries network errors, 5xx and 429 with backoff (a longer Retry-After first), and stops on a 2xx', async () => {
    const { endpoint } = await create({ events: ['member.unfollowed'] })
    await unfollow(customer.lineUserId)
    receiver.answers.push({ status: 429, headers: { 'retry-after': '300' } }, 503)
    await tick()
    const [first] = await deliveriesOf(endpoint.id)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 429 })
    expect(first!.nextAttemptAt.getTime() - t.clock.now.getTime()).toBe(300_000)

    t.clock.advance(299_000)
    expect((await tick()).outgoingWebhooks).toMatchObject({ delivered: 0, retrying: 0 })
    t.clock.advance(1000)
    await tick()
    const [second] = await deliveriesOf(endpoint.id)
    expect(second).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 503 })
    expect(second!.nextAttemptAt.getTime() - t.clock.now.getTime()).toBe(120_000) // 1 min, doubled

    t.clock.advance(120_000)
    await tick()
    const [done] = await deliveriesOf(endpoint.id)
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 })
    expect(new Set(receiver.received.map((r) => r.payload.id)).size).toBe(1) // one event id on every attempt
    expect(receiver.received).toHaveLength(3)

    // No answer at all (nothing listens on the port): retried too.
    const gone = await serveOnLoopback(() => new Response('{}'))
    await gone.close()
    await t.db
      .update(webhookEndpoints)
      .set({ url: `${gone.url}/hook` })
      .where(eq(webhookEndpoints.id, endpoint.id))
    await unfollow(customer.lineUserId)
    await tick()
    const unanswered = (await deliveriesOf(endpoint.id)).at(-1)!
    expect(unanswered).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null })
    expect(unanswered.nextAttemptAt.getTime() - t.clock.now.getTime()).toBe(60_000)
  })

  it('leaves a delivery dead on a 4xx, a redirect or the last attempt, and the console sends it again', async () => {
    const { endpoint } = await create({ events: ['member.unfollowed'] })
    await unfollow(customer.lineUserId)
    receiver.answers.push({ status: 302, headers: { location: receiver.url('/elsewhere') } })
    await tick()
    const [redirected] = await deliveriesOf(endpoint.id)
    expect(redirected).toMatchObject({ status: 'dead', attempts: 1, lastStatus: 302 })
    expect(redirected!.lastError).toContain('redirect not followed')
    expect(receiver.received).toHaveLength(1) // not followed to /elsewhere

    const overview = (await call('GET', '/')).body
    expect(overview.dead.map((d) => d.id)).toContain(redirected!.id)
    expect((await call('POST', `/deliveries/${redirected!.id}/retry`)).status).toBe(202)
    await t.settle()
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 })
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'webhook_delivery.retried'))).toBe(1)
    const again = await call('POST', `/deliveries/${redirected!.id}/retry`)
    expect([again.status, again.body.error.code]).toEqual([409, 'webhook_delivery_not_retryable'])

    receiver.answers.push(400)
    await unfollow(customer.lineUserId)
    await tick()
    const refused = (await deliveriesOf(endpoint.id)).find((d) => d.id !== redirected!.id)!
    expect(refused).toMatchObject({ status: 'dead', attempts: 1, lastStatus: 400 })

    // Out of attempts: every one answered 500.
    await unfollow(customer.lineUserId)
    receiver.answers.push(...Array.from({ length: maxDeliveryAttempts }, () => 500))
    for (let i = 0; i < maxDeliveryAttempts; i++) {
      await tick()
      t.clock.advance(24 * 60 * 60_000)
    }
    const last = (await deliveriesOf(endpoint.id)).at(-1)!
    expect(last).toMatchObject({ status: 'dead', attempts: maxDeliveryAttempts, lastStatus: 500 })
  })

  it('plans one delivery per endpoint and event, however often and by however many planners', async () => {
    const a = await create({ events: ['member.unfollowed'] })
    const b = await create({ events: ['member.unfollowed'] })
    for (let i = 0; i < 3; i++) await unfollow(customer.lineUserId)
    const [one, two] = await Promise.all([
      planOutgoingWebhooks(t.deps, t.clock.now, unlimitedBudget()),
      planOutgoingWebhooks(t.deps, t.clock.now, unlimitedBudget()),
    ])
    expect(one.planned + two.planned).toBe(6)
    // A replay from the start (a lost cursor) plans nothing again.
    await t.db.delete(jobCursors).where(eq(jobCursors.name, 'webhooks:events'))
    expect((await planOutgoingWebhooks(t.deps, t.clock.now, unlimitedBudget())).planned).toBe(0)
    expect(await deliveriesOf(a.endpoint.id)).toHaveLength(3)
    expect(await deliveriesOf(b.endpoint.id)).toHaveLength(3)
    // The scenarios' cursor and the events themselves are untouched.
    const consumed = await t.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM domain_events WHERE kind = 'member.unfollowed' AND consumed_at IS NOT NULL`,
    )
    expect(consumed[0]!.n).toBe(0)
  })

  it('refuses non-https, private, loopback and link-local hosts in production, and more than 10 endpoints', async () => {
    t.deps.config = { ...t.config, sandbox: false }
    const hostile = [
      'http://shop.example.com/hook',
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://192.168.0.10/hook',
      'https://localhost/hook',
      'https://user:pw@shop.example.com/hook',
      'ftp://shop.example.com/hook',
      `https://shop.example.com/${'a'.repeat(500)}`,
    ]
    for (const url of hostile) {
      const res = await call('POST', '/', { url, events: ['coupon.used'] })
      expect([url, res.status, res.body.error.code]).toEqual([url, 400, 'webhook_url_invalid'])
    }
    expect(await t.db.$count(webhookEndpoints)).toBe(0)
    expect((await call('POST', '/', { url: 'https://shop.example.com/hook', events: ['coupon.used'] })).status).toBe(
      201,
    )
    // With the sandbox on, http reaches this machine only.
    t.deps.config = { ...t.config, sandbox: true }
    const lan = await call('POST', '/', { url: 'http://10.1.2.3/hook', events: ['coupon.used'] })
    expect(lan.body.error.code).toBe('webhook_url_invalid')
    for (let i = 0; i < 9; i++) await create({ events: ['coupon.used'] })
    const full = await call('POST', '/', { url: receiver.url(), events: ['coupon.used'] })
    expect([full.status, full.body.error.code]).toEqual([409, 'webhook_endpoints_too_many'])
    const [first] = await t.db.select().from(webhookEndpoints).limit(1)
    const change = await call('PUT', `/${first!.id}`, { url: 'https://10.0.0.1/', events: ['coupon.used'] })
    expect(change.body.error.code).toBe('webhook_url_invalid')
  })

  it('refuses an events list longer than the events there are (each once), before any endpoint is written', async () => {
    const before = await t.db.$count(webhookEndpoints)
    const res = await call('POST', '/', { url: receiver.url(), events: Array(4000).fill('coupon.used') })
    expect([res.status, res.body.error.code]).toEqual([400, 'invalid_request'])
    expect(await t.db.$count(webhookEndpoints)).toBe(before)
  })

  it('rotates the secret, and a test event is signed with the new one', async () => {
    const { endpoint, secret } = await create({ events: ['coupon.used'], active: false })
    const rotated = await call('POST', `/${endpoint.id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).not.toBe(secret)
    const test = await call('POST', `/${endpoint.id}/test`)
    expect([test.status, test.body.eventType]).toEqual([202, 'webhook.test'])
    await t.settle()
    const [got] = receiver.received
    expect(got!.payload.type).toBe('webhook.test')
    expect(verifyTsunaguSignature(rotated.body.secret, got!.body, got!.signature)).toBe(true)
    expect(verifyTsunaguSignature(secret, got!.body, got!.signature)).toBe(false)
    const deleted = await call('DELETE', `/${endpoint.id}`)
    expect(deleted.status).toBe(200)
    expect(await t.db.$count(webhookDeliveries, eq(webhookDeliveries.endpointId, endpoint.id))).toBe(0)
    expect((await call('POST', `/${endpoint.id}/test`)).body.error.code).toBe('webhook_endpoint_not_found')
  })

  it('prunes finished deliveries after the webhook-events window, and never a pending one', async () => {
    const { endpoint } = await create({ events: ['coupon.used'] })
    const { retention } = await loadSettings(t.db)
    const old = new Date(t.clock.now.getTime() - (retention.webhookEventsDays + 1) * 86_400_000)
    for (const status of ['delivered', 'dead', 'pending'] as const)
      await t.db.insert(webhookDeliveries).values({
        endpointId: endpoint.id,
        dedupeKey: `old:${status}`,
        eventId: `evt_old_${status}`,
        eventType: 'coupon.used',
        body: '{}',
        status,
        nextAttemptAt: new Date(t.clock.now.getTime() + 86_400_000),
        createdAt: old,
      })
    await runScheduledJobs(t.deps, t.clock.now, 'daily')
    expect((await deliveriesOf(endpoint.id)).map((d) => d.status)).toEqual(['pending'])
  })
})
