import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demo } from '../../../db/seed'
import { deliveries, lineAccounts, settings } from '../../../db/schema'
import { richMenuDedupeKey } from '../../../server/data/rich-menu-switches'
import { runScheduledJobs } from '../../../server/jobs'
import { reconcileCursorKey, reconcileRichMenus } from '../../../server/jobs/rich-menu-reconciliation'
import { linkMembership } from '../../../server/usecases/link'
import { drainOutbox } from '../../../server/outbox/sender'
import type { RichMenuIds } from '../../../server/rich-menus/ids'
import { personaByKey } from '../../../server/sandbox/personas'
import { testAppWithRichMenus, type TestApp } from '../../support/test-app'

const customer = personaByKey('customer')!
const newcomer = personaByKey('newcomer')!

let t: TestApp
let ids: RichMenuIds
const record = () => t.sandbox.messaging.record
const shown = (lineUserId: string) => record().userRichMenus.get(lineUserId) ?? 'default'
const row = (lineUserId: string) =>
  t.db.query.deliveries.findFirst({ where: eq(deliveries.dedupeKey, richMenuDedupeKey(lineUserId)) })

beforeAll(async () => void ({ t, menus: ids } = await testAppWithRichMenus()))
afterAll(() => t.close())

describe('reconcileRichMenus', () => {
  it('repairs members whose menu on LINE was changed behind our back, in the daily jobs', async () => {
    // The seeded customer is linked (member menu wanted) but LINE was never told; the newcomer is a guest whom
    // someone gave the member menu directly on LINE.
    record().userRichMenus.set(newcomer.lineUserId, ids.member)
    const report = await runScheduledJobs(t.deps, t.clock.now, 'daily')
    expect(report.richMenus).toMatchObject({ mismatched: 2, errors: 0, retried: 0, wrapped: true })
    expect(report.messaging).toMatchObject({ outbox: { richMenuRequests: 2 } })
    expect(shown(customer.lineUserId)).toBe(ids.member)
    expect(shown(newcomer.lineUserId)).toBe('default')

    // Once repaired, the next pass finds nothing to do.
    t.clock.advance(86_400_000)
    expect(await reconcileRichMenus(t.deps, t.clock.now)).toMatchObject({ mismatched: 0, errors: 0 })
  })

  it('repairs a switch that LINE kept failing until the sender gave up', async () => {
    t.sandbox.messaging.faults.serverErrorRate = 1
    await linkMembership(t.deps, {
      lineUserId: newcomer.lineUserId,
      memberId: demo.unlinkedMemberId,
      method: 'liff',
      actor: 'test',
    })
    for (let i = 0; i < 8; i++) {
      t.clock.advance(3_600_000)
      await drainOutbox(t.deps)
    }
    expect(await row(newcomer.lineUserId)).toMatchObject({ status: 'dead' })
    expect(shown(newcomer.lineUserId)).toBe('default')

    t.sandbox.messaging.faults.serverErrorRate = 0
    t.clock.advance(86_400_000)
    const report = await runScheduledJobs(t.deps, t.clock.now, 'daily')
    expect(report.richMenus).toMatchObject({ retried: 1, mismatched: 0 })
    expect(shown(newcomer.lineUserId)).toBe(ids.member)
    expect(await row(newcomer.lineUserId)).toMatchObject({ status: 'sent', richMenu: 'member' })
  })

  it('walks the accounts a chunk per run from a cursor, skipping blocked users and switches on their way', async () => {
    const users = Array.from({ length: 5 }, (_, i) => `U${String(i).padStart(32, 'c')}`)
    await t.db.insert(lineAccounts).values(users.map((lineUserId) => ({ lineUserId, friendStatus: 'friend' as const })))
    await t.db.update(lineAccounts).set({ friendStatus: 'blocked' }).where(eq(lineAccounts.lineUserId, users[0]!))
    for (const u of users) record().userRichMenus.set(u, ids.member)

    const seen: number[] = []
    let wrapped = false
    for (let run = 0; run < 10 && !wrapped; run++) {
      const report = await reconcileRichMenus(t.deps, t.clock.now, { chunkSize: 2 })
      seen.push(report.checked + report.errors)
      wrapped = report.wrapped
    }
    // Customer, newcomer (two of the seed's accounts) and the four friends among the five, two at a time.
    const accounts = await t.db.select().from(lineAccounts)
    const checkable = accounts.filter((a) => a.friendStatus !== 'blocked').length
    expect(seen.reduce((a, b) => a + b, 0)).toBe(checkable)
    expect(Math.max(...seen)).toBe(2)
    const cursor = await t.db.query.settings.findFirst({ where: eq(settings.key, reconcileCursorKey) })
    expect(cursor?.value).toEqual({ after: '' })

    // The four friends got corrective rows; the blocked user was not asked about.
    for (const u of users.slice(1)) expect(await row(u)).toMatchObject({ status: 'pending', richMenu: 'guest' })
    expect(await row(users[0]!)).toBeUndefined()
    // Planned rows are not read again until they are sent.
    expect(await reconcileRichMenus(t.deps, t.clock.now)).toMatchObject({ checked: checkable - 4 })
    await drainOutbox(t.deps)
    for (const u of users.slice(1)) expect(shown(u)).toBe('default')
  })
})
