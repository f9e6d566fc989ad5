// POS earn, redeem rule and return through the Worker's fetch on D1 with an API key: the same route and use-case
// code as on Node, against D1's batches (a repeated receipt replays; concurrent duplicates write one entry).
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog, pointLedger } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { createApiKey } from '../../server/data/api-keys'
import { memberNumberFor } from '../../server/domain/member-number'
import { workerRequest as request } from './worker-request'

const db = openD1(env.DB)
let key: string
let actor: string

beforeAll(async () => {
  await seedDemoShop(db, new Date())
  const made = await createApiKey(db, 'POS', 'test', { scopes: ['purchases'], rateTier: 'standard' })
  key = made.key
  actor = `apikey:${made.row.id}`
})

const pos = (path: string, body: unknown) =>
  request(`/api/integration/purchases${path}`, { body, headers: { authorization: `Bearer ${key}` } })

describe('POS purchases on D1', () => {
  it('earns once per receipt, also when duplicates arrive together, and returns it', async () => {
    const sale = {
      memberNumber: memberNumberFor(demo.customerMemberId),
      amount: 3240,
      storeCode: 'shibuya',
      receiptId: 'D1-R-1',
    }
    const answers = await Promise.all([pos('', sale), pos('', sale), pos('', sale)])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1)
    const { entry, member } = answers[0]!.body
    expect(entry).toMatchObject({ kind: 'earn', points: 64, purchaseAmount: 3240, storeId: 1, actor })
    const written = await db.$count(pointLedger, and(eq(pointLedger.actor, actor), eq(pointLedger.kind, 'earn')))
    expect(written).toBe(1)
    expect(await db.$count(auditLog, and(eq(auditLog.actor, actor), eq(auditLog.action, 'checkout.earn')))).toBe(1)

    const redeem = await pos('/redeem', {
      memberNumber: sale.memberNumber,
      points: 100,
      storeCode: 'shibuya',
      receiptId: 'D1-R-2',
    })
    expect([redeem.status, redeem.body.error?.code]).toEqual([403, 'card_required'])

    const returned = await pos('/return', { receiptId: 'D1-R-1' })
    expect(returned.status).toBe(200)
    expect(returned.body.member.balance).toBe(member.balance - 64)
    expect((await pos('/return', { receiptId: 'D1-R-1' })).body.replayed).toBe(true)
  })
})
