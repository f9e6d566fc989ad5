// Quiet hours on workerd + D1: a campaign sent inside them waits in the outbox until their end, also one that came
// due just before them; the sandbox delivers it only then.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as schema from '../../db/schema'
import { openD1 } from '../../db/d1'
import { seedDemoShop } from '../../db/seed'
import { loadConfig } from '../../server/config'
import { enqueueCampaign, type CampaignSendContext } from '../../server/data/campaign-enqueue'
import { createCampaign } from '../../server/data/campaigns'
import { defaultRankTiers } from '../../server/domain/ranks'
import { createLinePlatform } from '../../server/line/platform'
import { drainOutbox } from '../../server/outbox/sender'

const db = openD1(env.DB)
const config = loadConfig(env)
const jst = (iso: string) => new Date(`${iso}+09:00`)
let now = jst('2026-04-01T12:00:00')
const deps = { db, config, clock: () => now, line: createLinePlatform(config.line, () => now) }
const ctx: CampaignSendContext = {
  quiet: { hours: { start: '21:00', end: '09:00' }, timeZone: 'Asia/Tokyo' },
  ranks: defaultRankTiers,
}
const userId = 'U0000000000000000000000000000q0a1'

async function texts(): Promise<string[]> {
  const res = await fetch(`${String(env.LINE_SANDBOX_URL)}/line/__sandbox/record?user=${userId}&limit=0`)
  const inbox = ((await res.json()) as { inbox: Record<string, { message: { type: string; text?: string } }[]> }).inbox
  return (inbox[userId] ?? []).map((m) => m.message.text ?? m.message.type)
}

/** Sends a campaign to this test's member at `at`, as "send now" does. */
async function sendAt(at: Date, text: string) {
  now = at
  const created = await createCampaign(
    db,
    { name: text, segment: { prefectures: ['沖縄県'] }, content: { template: 'text', text }, scheduledAt: null },
    'admin:1',
    now,
  )
  if (!('id' in created)) throw new Error(created.message)
  const campaign = created
  await db.update(schema.campaigns).set({ status: 'sending' }).where(eq(schema.campaigns.id, campaign.id))
  return enqueueCampaign(db, { ...campaign, status: 'sending' }, ctx, now)
}

const drain = (at: Date) => {
  now = at
  return drainOutbox(deps, { quiet: ctx.quiet })
}

beforeAll(async () => {
  await seedDemoShop(db, jst('2026-03-01T12:00:00'))
  const [member] = await db
    .insert(schema.members)
    .values({ memberNumber: '9000000016', name: '沖縄 太郎', prefecture: '沖縄県', marketingOptIn: true })
    .returning()
  await db
    .insert(schema.lineAccounts)
    .values({ lineUserId: userId, memberId: member!.id, friendStatus: 'friend', linkedAt: now })
})

describe('quiet hours on D1', () => {
  it('holds campaigns inside quiet hours and releases them at their end', async () => {
    expect(await sendAt(jst('2026-04-01T20:58:00'), '本日のお知らせ')).toBe(1)
    expect(await drain(jst('2026-04-01T21:01:00'))).toMatchObject({ heldForQuietHours: 1, sent: 0 })

    expect(await sendAt(jst('2026-04-01T23:33:00'), '夜の配信')).toBe(1)
    const rows = await db.select().from(schema.deliveries).where(eq(schema.deliveries.lineUserId, userId))
    expect(rows.map((r) => [r.holdInQuietHours, r.nextAttemptAt])).toEqual([
      [true, jst('2026-04-02T09:00:00')],
      [true, jst('2026-04-02T09:00:00')],
    ])
    expect(await drain(jst('2026-04-02T08:59:00'))).toMatchObject({ claimed: 0, sent: 0 })
    expect(await texts()).toEqual([])

    expect(await drain(jst('2026-04-02T09:00:00'))).toMatchObject({ sent: 2 })
    expect((await texts()).sort()).toEqual(['夜の配信', '本日のお知らせ'].sort())
  })
})
