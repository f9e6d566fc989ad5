// Rich-menu switches inside workerd on D1: the link batch plans the row (an upsert that D1 must run like libsql),
// the daily jobs reconcile with LINE and the sender applies the menu through the sandbox, as the Worker wires them.
import { env } from 'cloudflare:workers'
import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import * as schema from '../../db/schema'
import { loadConfig, sandboxChannel } from '../../server/config'
import { linkAccount, unlinkAccount } from '../../server/data/linking'
import { richMenuDedupeKey } from '../../server/data/rich-menu-switches'
import { runScheduledJobs } from '../../server/jobs'
import { saveRichMenuIds, type RichMenuIds } from '../../server/rich-menus/ids'
import { jobDeps } from '../support/job-deps'

const db = openD1(env.DB)
const config = loadConfig(env as unknown as Record<string, unknown>)
const clock = () => new Date()
const deps = jobDeps(config, db, clock)
const origin = new URL(String(env.LINE_SANDBOX_URL)).origin
const line = new messagingApi.MessagingApiClient({
  channelAccessToken: sandboxChannel.channelAccessToken,
  baseURL: origin,
})
const blob = new messagingApi.MessagingApiBlobClient({
  channelAccessToken: sandboxChannel.channelAccessToken,
  baseURL: origin,
})
const userId = 'U0000000000000000000000000000d1a1'
let ids: RichMenuIds
let memberId = 0

const runDailyJobs = () => runScheduledJobs(deps, new Date(), 'daily')

async function shown(): Promise<string> {
  try {
    return (await line.getRichMenuIdOfUser(userId)).richMenuId
  } catch (err) {
    if (err instanceof HTTPFetchError && err.status === 404) return 'default'
    throw err
  }
}

async function createMenu(name: string): Promise<string> {
  const { richMenuId } = await line.createRichMenu({
    size: { width: 2500, height: 843 },
    selected: false,
    name,
    chatBarText: name,
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'postback', data: name } }],
  })
  await blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }))
  return richMenuId
}

beforeAll(async () => {
  ids = { guest: await createMenu('d1-guest'), member: await createMenu('d1-member') }
  await saveRichMenuIds(db, ids, 'test', new Date())
  const [member] = await db
    .insert(schema.members)
    .values({ memberNumber: '9000000016', name: 'ワーカー 花子' })
    .returning()
  memberId = member!.id
  await db.insert(schema.lineAccounts).values({ lineUserId: userId, friendStatus: 'friend' })
})

describe('rich-menu switches on D1', () => {
  it('plans the latest intent in the link and unlink batches, and the daily jobs repair what LINE lost', async () => {
    const now = new Date()
    const row = () =>
      db.query.deliveries.findFirst({ where: eq(schema.deliveries.dedupeKey, richMenuDedupeKey(userId)) })
    expect(await linkAccount(db, { lineUserId: userId, memberId, method: 'liff', actor: 'test' }, now)).toBe(true)
    expect(await row()).toMatchObject({ kind: 'rich_menu', richMenu: 'member', status: 'pending' })
    await unlinkAccount(db, { lineUserId: userId, actor: 'test', reason: 'customer' }, new Date(now.getTime() + 1))
    expect(await row()).toMatchObject({ richMenu: 'guest', status: 'pending' })
    await linkAccount(db, { lineUserId: userId, memberId, method: 'liff', actor: 'test' }, new Date(now.getTime() + 2))
    expect(await db.select().from(schema.deliveries).where(eq(schema.deliveries.lineUserId, userId))).toHaveLength(1)

    const first = await runDailyJobs()
    expect(first.messaging).toMatchObject({ outbox: { richMenuRequests: 1 } })
    expect(await shown()).toBe(ids.member)
    expect(await row()).toMatchObject({ status: 'sent', richMenu: 'member' })

    // Someone removes the menu on LINE: the next daily run puts it back.
    await line.unlinkRichMenuIdFromUser(userId)
    const second = await runDailyJobs()
    expect(second.richMenus).toMatchObject({ mismatched: 1, errors: 0 })
    expect(await shown()).toBe(ids.member)
  })
})
