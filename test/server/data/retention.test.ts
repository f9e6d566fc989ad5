import { eq, inArray, isNotNull, like, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  accountLinkNonces,
  cardScans,
  carts,
  deliveries,
  lineAccounts,
  linkAttempts,
  members,
  pointLedger,
  redeemApprovals,
  reminderRules,
  staffInvites,
  webhookEvents,
  webhookForwards,
} from '../../../db/schema'
import { deleteMembership, erasedMessages } from '../../../server/data/member-data'
import { planExpiryWarnings } from '../../../server/data/point-notice-planner'
import { pruneExpiredRows } from '../../../server/data/retention'
import { defaultSettings, saveSetting } from '../../../server/data/settings'
import { defaultRankTiers } from '../../../server/domain/ranks'
import { runScheduledJobs } from '../../../server/jobs'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppPerTest } from '../../support/test-app'

const day = 86_400_000
const now = new Date('2026-11-23T03:00:00Z')
const daysAgo = (n: number) => now.getTime() - n * day
const windows = defaultSettings.retention
const customer = personaByKey('customer')!

describe('retention', () => {
  const t = testAppPerTest({ now })

  const delivery = (key: string, status: string, createdAt: number, kind = 'receipt', lineUserId = customer.lineUserId) =>
    t.db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts,
        next_attempt_at, created_at)
      VALUES (${key}, ${kind}, ${lineUserId}, '[{"type":"text","text":"900pt"}]', ${key}, ${status}, 1, ${createdAt}, ${createdAt})`)
  const webhookEvent = (id: string, status: string, receivedAt: number) =>
    t.db.run(sql`INSERT INTO webhook_events (webhook_event_id, type, status, received_at) VALUES (${id}, 'message', ${status}, ${receivedAt})`)
  const keys = async () => (await t.db.select({ k: deliveries.dedupeKey }).from(deliveries).where(like(deliveries.dedupeKey, 'old:%'))).map((r) => r.k)

  it('prunes each kind of row past its window and keeps the rows inside it', async () => {
    const [staffRow] = await t.db.all<{ id: number }>(sql`SELECT id FROM staff WHERE role = 'admin' LIMIT 1`)
    for (const [age, tag] of [
      [91, 'past'],
      [89, 'inside'],
    ] as const) {
      await delivery(`old:${tag}:sent`, 'sent', daysAgo(age))
      await delivery(`old:${tag}:dead`, 'dead', daysAgo(age))
      await delivery(`old:${tag}:pending`, 'pending', daysAgo(age))
    }
    await webhookEvent('past', 'done', daysAgo(31))
    await webhookEvent('inside', 'done', daysAgo(29))
    await t.db.insert(cardScans).values([
      { tokenId: 'past', memberId: 1, usedAt: new Date(daysAgo(8)) },
      { tokenId: 'inside', memberId: 1, usedAt: new Date(daysAgo(6)) },
    ])
    await t.db.insert(linkAttempts).values([
      { lineUserId: 'Upast', memberNumber: null, succeeded: false, at: new Date(daysAgo(31)) },
      { lineUserId: 'Uinside', memberNumber: null, succeeded: false, at: new Date(daysAgo(29)) },
    ])
    await t.db.insert(accountLinkNonces).values([
      { nonceHash: 'past', lineUserId: 'U1', memberId: 1, expiresAt: new Date(daysAgo(9)), usedAt: new Date(daysAgo(8)) },
      { nonceHash: 'inside', lineUserId: 'U1', memberId: 1, expiresAt: new Date(daysAgo(6)) },
    ])
    await t.db.insert(staffInvites).values([
      { codeHash: 'past', role: 'staff', createdBy: 'admin:1', expiresAt: new Date(daysAgo(31)), createdAt: new Date(daysAgo(40)) },
      { codeHash: 'inside', role: 'staff', createdBy: 'admin:1', expiresAt: new Date(daysAgo(29)), createdAt: new Date(daysAgo(40)) },
    ])
    await t.db.insert(redeemApprovals).values([
      { codeHash: 'past', memberId: 1, points: 100, approvedBy: staffRow!.id, expiresAt: new Date(daysAgo(31)), usedAt: new Date(daysAgo(31)) },
      { codeHash: 'inside', memberId: 1, points: 100, approvedBy: staffRow!.id, expiresAt: new Date(daysAgo(29)) },
    ])

    const cart = (externalId: string, status: 'open' | 'ordered' | 'reminded', age: number) => ({
      externalId,
      memberId: 1,
      items: [],
      status,
      remindAt: new Date(daysAgo(age)),
      createdAt: new Date(daysAgo(age)),
      updatedAt: new Date(daysAgo(age)),
    })
    // An open cart still waits for its reminder, however old.
    await t.db.insert(carts).values([cart('past', 'ordered', 91), cart('inside', 'reminded', 89), cart('open-old', 'open', 400)])

    const report = await pruneExpiredRows(t.db, windows, now)

    expect(report).toEqual({
      deliveriesDays: { deleted: 2, more: false },
      webhookEventsDays: { deleted: 1, more: false },
      cardScansDays: { deleted: 1, more: false },
      linkAttemptsDays: { deleted: 1, more: false },
      accountLinkNoncesDays: { deleted: 1, more: false },
      staffInvitesDays: { deleted: 1, more: false },
      redeemApprovalsDays: { deleted: 1, more: false },
      cartsDays: { deleted: 1, more: false },
    })
    expect((await t.db.select({ id: carts.externalId }).from(carts)).map((r) => r.id).sort()).toEqual([
      'inside',
      'open-old',
    ])
    expect((await keys()).sort()).toEqual(['old:inside:dead', 'old:inside:pending', 'old:inside:sent', 'old:past:pending'])
    const ids = async (table: typeof cardScans | typeof webhookEvents, column: typeof cardScans.tokenId | typeof webhookEvents.webhookEventId) =>
      (await t.db.select({ id: column }).from(table)).map((r) => r.id)
    expect(await ids(cardScans, cardScans.tokenId)).not.toContain('past')
    expect(await ids(cardScans, cardScans.tokenId)).toContain('inside')
    expect(await ids(webhookEvents, webhookEvents.webhookEventId)).toEqual(['inside'])
    expect((await t.db.select().from(linkAttempts)).map((r) => r.lineUserId)).not.toContain('Upast')
    expect((await t.db.select().from(accountLinkNonces)).map((r) => r.nonceHash)).toEqual(['inside'])
    expect((await t.db.select().from(staffInvites)).map((r) => r.codeHash)).toContain('inside')
    expect((await t.db.select().from(staffInvites)).map((r) => r.codeHash)).not.toContain('past')
    expect((await t.db.select().from(redeemApprovals)).map((r) => r.codeHash)).toEqual(['inside'])
  })

  it('never prunes a pending webhook event, however old', async () => {
    await webhookEvent('pending-old', 'pending', daysAgo(400))
    for (const status of ['done', 'failed', 'dead', 'standby']) await webhookEvent(status, status, daysAgo(400))
    const report = await pruneExpiredRows(t.db, windows, now)
    expect(report.webhookEventsDays).toEqual({ deleted: 4, more: false })
    expect(await t.db.select({ id: webhookEvents.webhookEventId, status: webhookEvents.status }).from(webhookEvents)).toEqual([
      { id: 'pending-old', status: 'pending' },
    ])
  })

  it('prunes sent and failed webhook forwards with the webhook events, never a pending one', async () => {
    const forward = (id: string, status: string, receivedAt: number) =>
      t.db.insert(webhookForwards).values({
        id,
        target: 'https://bot.example.jp/hook',
        eventIds: id,
        eventTypes: 'message',
        eventAt: new Date(receivedAt),
        body: 'e30=',
        signature: 'sig',
        status: status as 'pending',
        nextAttemptAt: new Date(receivedAt),
        receivedAt: new Date(receivedAt),
      })
    await forward('done-past', 'done', daysAgo(windows.webhookEventsDays + 1))
    await forward('failed-past', 'failed', daysAgo(windows.webhookEventsDays + 1))
    await forward('pending-past', 'pending', daysAgo(400))
    await forward('done-inside', 'done', daysAgo(windows.webhookEventsDays - 1))
    const report = await pruneExpiredRows(t.db, windows, now)
    expect(report.webhookEventsDays).toEqual({ deleted: 2, more: false })
    expect((await t.db.select({ id: webhookForwards.id }).from(webhookForwards)).map((r) => r.id).sort()).toEqual([
      'done-inside',
      'pending-past',
    ])
  })

  it('deletes at most the given number of chunks in one run, and the next run goes on', async () => {
    const chunks = { chunkSize: 50, maxChunks: 7 }
    // deliveries, webhook events, forwards and outgoing deliveries come first, one chunk each; then three full chunks
    // of card scans.
    await t.db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 153)
      INSERT INTO card_scans (token_id, member_id, used_at) SELECT 'scan' || i, 1, ${daysAgo(30)} FROM n`)
    expect((await pruneExpiredRows(t.db, windows, now, chunks)).cardScansDays).toEqual({ deleted: 150, more: true })
    expect((await pruneExpiredRows(t.db, windows, now, chunks)).cardScansDays).toEqual({ deleted: 3, more: false })
  })

  it('keeps a sent expiry warning until its expiry date has passed, so the planner never sends it twice', async () => {
    // Points expiring on 1 March, warned 120 days ahead: the warning is planned in November.
    await t.db.update(pointLedger).set({ expiresAt: new Date('2027-02-28T15:00:00Z') }).where(isNotNull(pointLedger.expiresAt))
    await t.db.update(reminderRules).set({ offset: 120 }).where(eq(reminderRules.kind, 'points_expiring'))
    const ctx = { quiet: null, timeZone: 'Asia/Tokyo', cardLink: 'https://liff.line.me/x', couponsLink: 'https://liff.line.me/x/coupons', ranks: defaultRankTiers }
    const planned = await planExpiryWarnings(t.db, ctx, now)
    expect(planned).toBeGreaterThan(0)
    await t.db.update(deliveries).set({ status: 'sent', createdAt: now }).where(eq(deliveries.kind, 'points_expiring'))

    // 60 days on, past the 32-day minimum window but before the expiry: kept, and the planner finds it planned.
    const later = new Date(now.getTime() + 60 * day)
    const tight = { ...windows, deliveriesDays: 32 }
    expect((await pruneExpiredRows(t.db, tight, later)).deliveriesDays.deleted).toBe(0)
    expect(await planExpiryWarnings(t.db, ctx, later)).toBe(0)

    // Once the points have expired the key can never be planned again, and the row goes.
    const after = new Date('2027-03-04T00:00:00Z')
    expect((await pruneExpiredRows(t.db, tight, after)).deliveriesDays.deleted).toBe(planned)
    expect(await planExpiryWarnings(t.db, ctx, after)).toBe(0)
  })

  it('runs in the daily jobs and reports what each table lost', async () => {
    await delivery('old:past:sent', 'sent', daysAgo(200))
    const report = await runScheduledJobs(t.deps, now, 'daily')
    expect(report.retention).toMatchObject({ deliveriesDays: { deleted: 1, more: false }, cardScansDays: { deleted: 0 } })
    expect((await runScheduledJobs(t.deps, now, 'frequent')).retention).toBeUndefined()
  })
})

describe('deleting a member', () => {
  const t = testAppPerTest({ now })
  beforeEach(async () => {
    await t.db
      .update(lineAccounts)
      .set({ displayName: 'さくら', pictureUrl: 'https://profile.line-scdn.net/x' })
      .where(eq(lineAccounts.lineUserId, customer.lineUserId))
    for (const [key, status] of [
      ['sent', 'sent'],
      ['queued', 'pending'],
    ]) {
      await t.db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, retry_key, status, attempts,
          next_attempt_at, created_at)
        VALUES (${key}, 'receipt', ${customer.lineUserId}, '[{"type":"text","text":"さくら様 900pt"}]', ${key}, ${status}, 0, 0, 0)`)
    }
  })

  const account = () => t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, customer.lineUserId) })
  const bodies = async () =>
    Object.fromEntries(
      (await t.db.select().from(deliveries).where(inArray(deliveries.dedupeKey, ['sent', 'queued']))).map((d) => [d.dedupeKey, d.messages]),
    )

  it('clears the LINE display name and picture and the bodies of past messages, keeping the rows', async () => {
    const member = (await account())!.memberId!
    await deleteMembership(t.db, member, 'line:test', now)
    expect(await account()).toMatchObject({ memberId: null, displayName: null, pictureUrl: null })
    const after = await bodies()
    expect(after.sent).toEqual(JSON.parse(erasedMessages))
    // A message not yet sent is not a past one: the sender still owns it.
    expect(JSON.stringify(after.queued)).toContain('900pt')
  })

  it('clears them in the deletion’s own batch: when the batch fails, nothing is cleared', async () => {
    const member = (await account())!.memberId!
    await t.db.run(sql.raw(`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'member.delete'
      BEGIN SELECT RAISE(ABORT, 'audit down'); END`))
    await expect(deleteMembership(t.db, member, 'line:test', now)).rejects.toThrow()
    expect(await account()).toMatchObject({ memberId: member, displayName: 'さくら' })
    expect(JSON.stringify((await bodies()).sent)).toContain('900pt')
    expect((await t.db.query.members.findFirst({ where: eq(members.id, member) }))!.status).toBe('active')
  })
})

describe('retention settings and the privacy page', () => {
  const t = testAppPerTest({ now })

  it('states the windows from the settings on the privacy page', async () => {
    await saveSetting(t.db, 'retention', { ...windows, deliveriesDays: 120, cardScansDays: 3 }, 'admin:1', now)
    const page = await (await t.app.request('/legal/privacy')).text()
    expect(page).toContain('送信したメッセージは120日')
    expect(page).toContain('会員証の読み取り記録は3日')
    const english = await (await t.app.request('/legal/privacy?lang=en')).text()
    expect(english).toContain('deleted after 120 days')
  })

  it('refuses a link-attempt window shorter than the 24 hours the waits count, and a message window under 32 days', async () => {
    const admin = await t.signIn('admin')
    const put = (retention: object) =>
      t.app.request('/api/admin/settings', {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ retention }),
      })
    const tooShort = await put({ ...windows, linkAttemptsDays: 1 })
    expect(tooShort.status).toBe(400)
    expect(await tooShort.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ path: 'retention.linkAttemptsDays' }] } })
    expect((await put({ ...windows, deliveriesDays: 31 })).status).toBe(400)
    const ok = await put({ ...windows, linkAttemptsDays: 2 })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { settings: { retention: unknown } }).settings.retention).toMatchObject({ linkAttemptsDays: 2 })
  })
})
