import { and, eq, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, domainEvents, scenarioEnrolments, type Staff } from '../../../db/schema'
import { createApiKey } from '../../../server/data/api-keys'
import { loadCurrentPolicies } from '../../../server/data/legal-documents'
import { policyVersionLabel } from '../../../server/domain/consent'
import type { ScenarioInput } from '../../../server/domain/scenario'
import { runScheduledJobs } from '../../../server/jobs'
import { earnPoints } from '../../../server/usecases/earn'
import { staffCashier } from '../../../server/data/cashier'
import { registerMembership } from '../../../server/usecases/register'
import { createScenario, setScenarioStatus } from '../../../server/usecases/scenarios'
import { defineField } from '../../../server/usecases/member-fields'
import { testAppPerSuite } from '../../support/test-app'
import { seededClerk } from '../../support/staff'

const minute = 60_000
const hour = 60 * minute

describe('step scenarios on the scheduled jobs', () => {
  // 12:00 JST, outside the demo shop's quiet hours (21:00–09:00).
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00') })
  let clerk: Staff
  let users = 0
  beforeAll(async () => {
    clerk = await seededClerk(t.db)
  })

  const run = async () => {
    await runScheduledJobs(t.deps, t.clock.now)
    await t.settle()
  }
  const later = async (ms: number) => {
    t.clock.advance(ms)
    await run()
  }
  const inbox = (lineUserId: string) => (t.sandbox.messaging.record.inbox.get(lineUserId) ?? []).map((m) => m.message)
  async function register(
    lineUserId = `U${'5'.repeat(28)}${String(++users).padStart(4, '0')}`,
    answers?: Record<string, string>,
  ) {
    const current = await loadCurrentPolicies(t.db)
    const registered = await registerMembership(t.deps, {
      lineUserId,
      name: '段階 太郎',
      nameKana: 'ダンカイ タロウ',
      birthday: '1990-05-06',
      phone: '09012345678',
      prefecture: '東京都',
      marketingOptIn: true,
      termsVersion: policyVersionLabel(current.terms?.version),
      privacyVersion: policyVersionLabel(current.privacy?.version),
      answers,
    })
    if (!registered.ok) throw new Error(registered.message)
    return { lineUserId, ...registered }
  }
  const scenario = async (input: Partial<ScenarioInput> = {}) => {
    const created = await createScenario(t.deps, {
      actor: 'staff:1',
      scenario: {
        name: '登録後フォロー',
        trigger: 'member.registered',
        status: 'active',
        reentry: false,
        stopOn: ['purchase'],
        steps: [
          {
            wait: { kind: 'after', amount: 1, unit: 'hours' },
            content: { template: 'text', text: '{name}さん、ご登録ありがとうございます' },
          },
          {
            wait: { kind: 'at', days: 1, time: '10:00' },
            content: { template: 'news', title: '今週のおすすめ', body: '店頭でどうぞ' },
          },
          { wait: { kind: 'after', amount: 2, unit: 'days' }, content: { template: 'text', text: '三通目' } },
        ],
        ...input,
      },
    })
    if (!created.ok) throw new Error(created.message)
    return created.scenario
  }
  const firstPurchaseEvents = (memberId: number) =>
    t.db.$count(domainEvents, and(eq(domainEvents.kind, 'purchase.first'), eq(domainEvents.memberId, memberId)))
  const runsOf = (scenarioId: number) =>
    t.db.select().from(scenarioEnrolments).where(eq(scenarioEnrolments.scenarioId, scenarioId))

  it('sends a registration scenario’s steps on time and stops when the member purchases', async () => {
    const s = await scenario()
    const member = await register()
    await run()
    expect(await runsOf(s.id)).toMatchObject([{ status: 'active', step: 0 }])
    await later(59 * minute)
    expect(inbox(member.lineUserId)).toEqual([])
    await later(1 * minute)
    expect(inbox(member.lineUserId)).toEqual([{ type: 'text', text: '段階 太郎さん、ご登録ありがとうございます' }])
    // Step 2: 10:00 JST the next day (the step before was due at 13:00 on the 23rd).
    t.clock.now = new Date('2026-11-24T09:59:00+09:00')
    await run()
    expect(inbox(member.lineUserId)).toHaveLength(1)
    await later(1 * minute)
    expect(inbox(member.lineUserId)).toMatchObject([
      { type: 'text' },
      { type: 'flex', altText: '【お知らせ】今週のおすすめ' },
    ])
    const earned = await earnPoints(t.deps, {
      cashier: staffCashier(clerk),
      storeId: clerk.storeId,
      memberNumber: member.memberNumber,
      purchaseAmount: 3000,
      idempotencyKey: crypto.randomUUID(),
    })
    expect(earned).toMatchObject({ ok: true })
    await later(3 * 24 * hour)
    expect(inbox(member.lineUserId).map((m) => m.text)).not.toContain('三通目')
    expect(await runsOf(s.id)).toMatchObject([{ status: 'stopped', stopReason: 'purchase', step: 2 }])
    // The purchase was the member's first, but no scenario starts on one: no event is written for nobody to read.
    expect(await firstPurchaseEvents(member.memberId)).toBe(0)
    await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
  })

  it('enters members from their first purchase while a first-purchase scenario is active, as soon as it is', async () => {
    const earn = (memberNumber: string, idempotencyKey = crypto.randomUUID()) =>
      earnPoints(t.deps, {
        cashier: staffCashier(clerk),
        storeId: clerk.storeId,
        memberNumber,
        purchaseAmount: 1500,
        idempotencyKey,
      })
    const before = await register()
    expect(await earn(before.memberNumber)).toMatchObject({ ok: true })
    expect(await firstPurchaseEvents(before.memberId)).toBe(0)
    // Created at the same instant (the shop's kept scenario starts are not yet stale): the next earn sees it at once.
    const s = await scenario({
      trigger: 'purchase.first',
      stopOn: [],
      steps: [
        {
          wait: { kind: 'after', amount: 0, unit: 'minutes' },
          content: { template: 'text', text: '初めてのお買い上げありがとうございます' },
        },
      ],
    })
    const first = await register()
    expect(await earn(first.memberNumber)).toMatchObject({ ok: true })
    expect(await earn(first.memberNumber)).toMatchObject({ ok: true })
    expect(await earn(before.memberNumber)).toMatchObject({ ok: true })
    expect(await firstPurchaseEvents(first.memberId)).toBe(1)
    expect(await firstPurchaseEvents(before.memberId)).toBe(0)
    await run()
    expect((await runsOf(s.id)).map((r) => r.memberId)).toEqual([first.memberId])
    expect(inbox(first.lineUserId).map((m) => m.text)).toContain('初めてのお買い上げありがとうございます')
    // Paused, it waits for nobody: a first purchase now writes no event, and resuming brings the events back.
    await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
    const whilePaused = await register()
    expect(await earn(whilePaused.memberNumber)).toMatchObject({ ok: true })
    expect(await firstPurchaseEvents(whilePaused.memberId)).toBe(0)
    await setScenarioStatus(t.deps, { id: s.id, status: 'active', actor: 'staff:1' })
    const resumed = await register()
    expect(await earn(resumed.memberNumber)).toMatchObject({ ok: true })
    expect(await firstPurchaseEvents(resumed.memberId)).toBe(1)
    await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
  })

  it('enters a member at most once, however often the start event happens, unless re-entry is allowed', async () => {
    const once = await scenario({
      trigger: 'friend.added',
      stopOn: [],
      steps: [{ wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: { template: 'text', text: 'ようこそ' } }],
    })
    const again = await scenario({
      trigger: 'friend.added',
      reentry: true,
      stopOn: [],
      steps: [
        { wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: { template: 'text', text: 'おかえりなさい' } },
      ],
    })
    const friend = `U${'6'.repeat(32)}`
    await t.sandbox.webhook.follow(friend)
    await t.settle()
    // A second follow before the first run ended: neither scenario takes the friend in twice at once.
    await t.sandbox.webhook.follow(friend, true)
    await t.settle()
    await run()
    expect(await runsOf(once.id)).toHaveLength(1)
    expect(await runsOf(again.id)).toHaveLength(1)
    expect(inbox(friend).map((m) => m.text)).toEqual(expect.arrayContaining(['ようこそ', 'おかえりなさい']))
    // Each follow was also greeted (a reply, server/webhook/greeting.ts); the scenarios pushed one message each.
    expect(inbox(friend).filter((m) => m.text === 'ようこそ' || m.text === 'おかえりなさい')).toHaveLength(2)
    // Both runs completed; the friend blocks and comes back.
    await t.sandbox.webhook.unfollow(friend)
    await t.sandbox.webhook.follow(friend, true)
    await t.settle()
    await later(minute)
    expect(await runsOf(once.id)).toHaveLength(1)
    expect((await runsOf(again.id)).map((r) => r.status)).toEqual(['completed', 'completed'])
    expect(inbox(friend).filter((m) => m.text === 'おかえりなさい')).toHaveLength(2)
    for (const s of [once, again]) await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
  })

  it('starts on a tag the POS/EC API sets (newly or to another value), not on the same tag set again', async () => {
    const { key } = await createApiKey(t.db, 'POS', 'test', { scopes: ['tags'], rateTier: 'high' })
    const tag = (memberNumber: string, name: string, value = '') =>
      t.app.request(`/api/integration/members/${memberNumber}/tags/${name}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ value }),
      })
    const steps: ScenarioInput['steps'] = [
      { wait: { kind: 'after', amount: 0, unit: 'minutes' }, content: { template: 'text', text: 'VIPになりました' } },
    ]
    const vip = await scenario({ trigger: 'member.tagged', startTag: { name: 'vip' }, stopOn: [], steps })
    const gold = await scenario({
      trigger: 'member.tagged',
      startTag: { name: 'tier', value: 'gold' },
      reentry: true,
      stopOn: [],
      steps,
    })
    const member = await register()
    expect((await tag(member.memberNumber, 'vip')).status).toBe(200)
    await tag(member.memberNumber, 'tier', 'silver')
    await run()
    expect(await runsOf(vip.id)).toMatchObject([{ status: 'completed', memberId: member.memberId }])
    expect(await runsOf(gold.id)).toEqual([])
    expect(inbox(member.lineUserId)).toEqual([{ type: 'text', text: 'VIPになりました' }])
    const tagged = () =>
      t.db.$count(domainEvents, and(eq(domainEvents.kind, 'member.tagged'), eq(domainEvents.memberId, member.memberId)))
    expect(await tagged()).toBe(2)
    // The POS sends the same tag again on every sale: no event, no run.
    await tag(member.memberNumber, 'vip')
    expect(await tagged()).toBe(2)
    // Another value is a new event; a scenario without re-entry still takes the member only once.
    await tag(member.memberNumber, 'vip', 'platinum')
    await tag(member.memberNumber, 'tier', 'gold')
    await later(minute)
    expect(await tagged()).toBe(4)
    expect(await runsOf(vip.id)).toHaveLength(1)
    expect(await runsOf(gold.id)).toMatchObject([{ status: 'completed' }])
    // The re-entry scenario takes the member again when the tag is set to its value again after another one.
    await tag(member.memberNumber, 'tier', 'silver')
    await tag(member.memberNumber, 'tier', 'gold')
    await tag(member.memberNumber, 'tier', 'gold')
    await later(minute)
    expect((await runsOf(gold.id)).map((r) => r.status)).toEqual(['completed', 'completed'])
    expect(inbox(member.lineUserId).filter((m) => m.text === 'VIPになりました')).toHaveLength(3)
    for (const s of [vip, gold]) await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
  })

  it('a paused scenario takes no one in and sends nothing, and resuming sends the waiting step', async () => {
    const paused = await scenario({
      status: 'paused',
      steps: [
        { wait: { kind: 'after', amount: 5, unit: 'minutes' }, content: { template: 'text', text: '一時停止中' } },
      ],
    })
    await register()
    await later(hour)
    expect(await runsOf(paused.id)).toEqual([])
    const waiting = await scenario({
      steps: [{ wait: { kind: 'after', amount: 5, unit: 'minutes' }, content: { template: 'text', text: '再開後' } }],
    })
    const member = await register()
    await run()
    await setScenarioStatus(t.deps, { id: waiting.id, status: 'paused', actor: 'staff:1' })
    await later(hour)
    expect(await t.db.$count(deliveries, like(deliveries.dedupeKey, `scenario:${paused.id}:%`))).toBe(0)
    expect(await t.db.$count(deliveries, like(deliveries.dedupeKey, `scenario:${waiting.id}:%`))).toBe(0)
    expect(inbox(member.lineUserId)).toEqual([])
    await setScenarioStatus(t.deps, { id: waiting.id, status: 'active', actor: 'staff:1' })
    await later(minute)
    expect(inbox(member.lineUserId)).toEqual([{ type: 'text', text: '再開後' }])
  })

  it('skips a step whose condition is a custom-field answer the member does not hold', async () => {
    const defined = await defineField(
      t.deps,
      {
        key: 'pet',
        labelJa: 'ペット',
        labelEn: 'Pet',
        type: 'choice',
        choices: [
          { value: 'dog', ja: '犬', en: 'Dog' },
          { value: 'cat', ja: '猫', en: 'Cat' },
        ],
        required: false,
        askAtRegistration: true,
      },
      'staff:1',
    )
    expect(defined.ok).toBe(true)
    const s = await scenario({
      stopOn: [],
      steps: [
        {
          wait: { kind: 'after', amount: 0, unit: 'minutes' },
          content: { template: 'text', text: '犬のおやつクーポン' },
          segment: { fields: [{ key: 'pet', op: 'any_of', values: ['dog'] }] },
        },
      ],
    })
    const dog = await register(undefined, { pet: 'dog' })
    const cat = await register(undefined, { pet: 'cat' })
    await run()
    await later(minute)
    expect(inbox(dog.lineUserId)).toEqual([{ type: 'text', text: '犬のおやつクーポン' }])
    expect(inbox(cat.lineUserId)).toEqual([])
    await setScenarioStatus(t.deps, { id: s.id, status: 'paused', actor: 'staff:1' })
  })
})
