// Personal-data access entries on D1 inside workerd: the conditional view entry and the export entry whose row count
// and filter are built by json_object in the same INSERT … SELECT; strict path ids through the Worker's fetch.
import { env, exports } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog } from '../../db/schema'
import { seedDemoShop } from '../../db/seed'
import { personaByKey } from '../../server/sandbox/personas'
import { sandboxIdToken } from './sandbox-id-token'

const db = openD1(env.DB)
const origin = 'https://tsunagu.test'
let admin: string

const get = (path: string) =>
  exports.default.fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${admin}` } })

beforeAll(async () => {
  await seedDemoShop(db, new Date())
  const res = await exports.default.fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken: await sandboxIdToken(personaByKey('admin')!.lineUserId) }),
  })
  admin = ((await res.json()) as { token: string }).token
})

describe('member access log on D1', () => {
  it('logs a member view and a CSV export with its row count, and refuses a loose id', async () => {
    expect((await get('/api/admin/members/1')).status).toBe(200)
    expect((await get('/api/admin/members/424242')).status).toBe(404)
    const loose = await get('/api/admin/members/0x1')
    expect([loose.status, ((await loose.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_id',
    ])
    const csv = await get('/api/admin/members/export.csv')
    const rows = (await csv.text()).split('\r\n').filter((l) => l !== '').length - 1

    const views = await db.select().from(auditLog).where(eq(auditLog.action, 'member.view'))
    expect(views.map((v) => v.target)).toEqual(['member:1'])
    const [exported] = await db.select().from(auditLog).where(eq(auditLog.action, 'member.export'))
    expect(exported!.detail).toEqual({ format: 'csv', filter: { status: 'active' }, rows })
    expect(rows).toBeGreaterThan(1)
  })
})
