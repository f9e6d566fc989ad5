import { eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, deliveries, lineAccounts } from '../../../db/schema'
import { linkAccount, registerMember, unlinkAccount } from '../../../server/data/linking'
import { deleteMembership } from '../../../server/data/member-data'
import { linkMembership } from '../../../server/usecases/link'
import { unlinkMembership } from '../../../server/usecases/unlink'
import { richMenuDedupeKey } from '../../../server/data/rich-menu-switches'
import { applyRichMenuNow } from '../../../server/outbox/rich-menu'
import { enqueueMessage } from '../../../server/data/outbox'
import { drainOutbox } from '../../../server/outbox/sender'
import { claimRichMenuRows, writeResults } from '../../../server/outbox/store'
import type { RichMenuIds } from '../../../server/rich-menus/ids'
import { newcomers } from '../../support/newcomers'
import { testAppWithRichMenus, type TestApp } from '../../support/test-app'

let t: TestApp
let ids: RichMenuIds

/** A LINE user and an active membership of their own, not linked yet. */
const newcomer = newcomers(() => t.db, 'e', '77')

const link = (u: { lineUserId: string; memberId: number }) =>
  linkAccount(t.db, { ...u, method: 'liff', actor: `line:${u.lineUserId}` }, t.clock.now)
const unlink = (lineUserId: string) =>
  unlinkAccount(t.db, { lineUserId, actor: `line:${lineUserId}`, reason: 'customer' }, t.clock.now)
const row = (lineUserId: string) =>
  t.db.query.deliveries.findFirst({ where: eq(deliveries.dedupeKey, richMenuDedupeKey(lineUserId)) })
const shown = (lineUserId: string) => t.sandbox.messaging.record.userRichMenus.get(lineUserId) ?? 'default'
const faults = () => t.sandbox.messaging.faults

beforeAll(async () => void ({ t, menus: ids } = await testAppWithRichMenus()))
afterEach(async () => {
  // Every test starts with nothing due: what one leaves planned is sent now.
  Object.assign(faults(), { serverErrorRate: 0, rateLimitBurst: 0 })
  t.clock.advance(3_600_000)
  await drainOutbox(t.deps)
})
afterAll(() => t.close())

describe('rich-menu switches in the outbox', () => {
  it('plans the member menu in the batch that links, and nothing when the link is refused', async () => {
    const u = await newcomer()
    expect(await link(u)).toBe(true)
    expect(await row(u.lineUserId)).toMatchObject({ kind: 'rich_menu', richMenu: 'member', status: 'pending' })

    const other = await newcomer()
    expect(await link({ lineUserId: other.lineUserId, memberId: u.memberId })).toMatchObject({
      ok: false,
      refusal: 'member_already_linked',
    })
    expect(await row(other.lineUserId)).toBeUndefined()
  })

  it('plans the member menu when a customer registers, and the guest menu when they delete their membership', async () => {
    const lineUserId = 'U' + 'f'.repeat(31) + '1'
    const registered = await registerMember(
      t.db,
      {
        lineUserId,
        name: '登録 太郎',
        nameKana: 'トウロク タロウ',
        birthday: '1990-01-01',
        phone: '09000000000',
        prefecture: '東京都',
        marketingOptIn: false,
        termsVersion: '2026-01',
        privacyVersion: '2026-01',
      },
      t.clock.now,
    )
    if (!('memberId' in registered)) throw new Error(registered.message)
    const { memberId } = registered
    expect(await row(lineUserId)).toMatchObject({ richMenu: 'member', status: 'pending' })
    await drainOutbox(t.deps)
    expect(shown(lineUserId)).toBe(ids.member)
    t.clock.advance(1)
    await deleteMembership(t.db, memberId, `line:${lineUserId}`, t.clock.now)
    expect(await row(lineUserId)).toMatchObject({ richMenu: 'guest', status: 'pending' })
    await drainOutbox(t.deps)
    expect(shown(lineUserId)).toBe('default')
  })

  it('leaves the account unlinked and unaudited when the rich-menu row cannot be written', async () => {
    const u = await newcomer()
    await t.db.run(sql`CREATE TRIGGER refuse_rich_menu BEFORE INSERT ON deliveries WHEN NEW.kind = 'rich_menu'
      BEGIN SELECT RAISE(ABORT, 'no rich menu rows'); END`)
    try {
      await expect(link(u)).rejects.toThrow()
    } finally {
      await t.db.run(sql`DROP TRIGGER refuse_rich_menu`)
    }
    const account = await t.db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, u.lineUserId) })
    expect(account).toMatchObject({ memberId: null, richMenu: 'guest' })
    expect(
      await t.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.target, `member:${u.memberId}`)),
    ).toEqual([])
    expect(await row(u.lineUserId)).toBeUndefined()
  })

  it('links the member menu on LINE when the sender drains the row, and records it as sent', async () => {
    const u = await newcomer()
    await link(u)
    expect(shown(u.lineUserId)).toBe('default')
    const report = await drainOutbox(t.deps)
    expect(report).toMatchObject({ richMenuRequests: 1, sent: 1, pushRequests: 0 })
    expect(shown(u.lineUserId)).toBe(ids.member)
    expect(await row(u.lineUserId)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('retries a switch that LINE answers with 5xx, then 429, and shows the menu when LINE recovers', async () => {
    const u = await newcomer()
    faults().serverErrorRate = 1
    await linkMembership(t.deps, { ...u, method: 'liff', actor: `line:${u.lineUserId}` })
    expect(shown(u.lineUserId)).toBe('default')
    expect(await row(u.lineUserId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(/^500/),
    })

    faults().serverErrorRate = 0
    faults().rateLimitBurst = 1
    t.clock.advance(60_000)
    expect(await drainOutbox(t.deps)).toMatchObject({ richMenuRequests: 1, retried: 1 })
    expect(await row(u.lineUserId)).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: expect.stringMatching(/^429/),
    })

    t.clock.advance(60_000)
    expect(await drainOutbox(t.deps)).toMatchObject({ richMenuRequests: 1, sent: 1 })
    expect(shown(u.lineUserId)).toBe(ids.member)
    expect(await row(u.lineUserId)).toMatchObject({ status: 'sent', attempts: 3 })
  })

  it('ends on the guest menu after a link and a quick unlink, whichever way they are sent', async () => {
    // Both planned before anything reached LINE: one row, the unlink's.
    const a = await newcomer()
    await link(a)
    t.clock.advance(1)
    await unlink(a.lineUserId)
    expect(await row(a.lineUserId)).toMatchObject({ richMenu: 'guest', status: 'pending' })
    await drainOutbox(t.deps)
    expect(shown(a.lineUserId)).toBe('default')

    // Through the routes' path, each shown at once.
    const b = await newcomer()
    await linkMembership(t.deps, { ...b, method: 'liff', actor: 'test' })
    expect(shown(b.lineUserId)).toBe(ids.member)
    t.clock.advance(1)
    await unlinkMembership(t.deps, { lineUserId: b.lineUserId, actor: 'test', reason: 'customer' })
    expect(shown(b.lineUserId)).toBe('default')
    expect(await row(b.lineUserId)).toMatchObject({ richMenu: 'guest', status: 'sent' })
  })

  it('does not record the member menu as shown when an unlink came while its link was being sent', async () => {
    const u = await newcomer()
    await link(u)
    // A sender holds the link...
    const [claimed] = await claimRichMenuRows(t.db, { lineUserId: u.lineUserId }, t.clock.now, 60_000)
    expect(claimed).toMatchObject({ richMenu: 'member' })
    // ...the customer unlinks meanwhile: the row keeps its lease, so no second sender overlaps...
    t.clock.advance(1)
    await unlinkMembership(t.deps, { lineUserId: u.lineUserId, actor: 'test', reason: 'customer' })
    expect(await row(u.lineUserId)).toMatchObject({ richMenu: 'guest', status: 'sending' })
    expect(shown(u.lineUserId)).toBe('default')
    // ...the held link reaches LINE, and its outcome makes the row due again instead of `sent`.
    await t.deps.line.messaging.linkRichMenuIdToUser(u.lineUserId, ids.member)
    await writeResults(t.db, [{ status: 'sent', ids: [claimed!.id], intentKey: claimed!.retryKey }], t.clock.now)
    expect(await row(u.lineUserId)).toMatchObject({ richMenu: 'guest', status: 'pending' })
    await applyRichMenuNow(t.deps, u.lineUserId)
    expect(shown(u.lineUserId)).toBe('default')
    expect(await row(u.lineUserId)).toMatchObject({ status: 'sent' })
  })

  it('switches menus when the month’s message quota is used up (a menu is not a message)', async () => {
    const u = await newcomer()
    await link(u)
    await t.db.batch([
      enqueueMessage(
        t.db,
        {
          dedupeKey: `quota:${u.lineUserId}`,
          kind: 'notice',
          lineUserId: u.lineUserId,
          messages: [{ type: 'text', text: 'x' }],
        },
        t.clock.now,
      ),
    ])
    const quota = t.sandbox.messaging.limits.monthlyQuota
    t.sandbox.messaging.limits.monthlyQuota = 0
    try {
      const report = await drainOutbox(t.deps, { quotaCheckThreshold: 1 })
      expect(report).toMatchObject({ quotaLimited: { remaining: 0, due: 1 }, richMenuRequests: 1, pushRequests: 0 })
    } finally {
      t.sandbox.messaging.limits.monthlyQuota = quota
    }
    expect(shown(u.lineUserId)).toBe(ids.member)
  })

  it('switches the menu of a user who blocked the account (a menu is not a message: they find it when they return)', async () => {
    const u = await newcomer()
    await link(u)
    await t.db.update(lineAccounts).set({ friendStatus: 'blocked' }).where(eq(lineAccounts.lineUserId, u.lineUserId))
    expect(await drainOutbox(t.deps)).toMatchObject({ skipped: 0, sent: 1 })
    expect(shown(u.lineUserId)).toBe(ids.member)
  })
})
