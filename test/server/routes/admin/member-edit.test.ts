import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, lineAccounts, members } from '../../../../db/schema'
import { personaByKey } from '../../../../server/sandbox/personas'
import { testAppPerSuite } from '../../../support/test-app'
import { seededAdmin } from '../../../support/staff'

describe('PATCH /api/admin/members/{id}', () => {
  const t = testAppPerSuite()
  let memberId: number
  let adminId: number
  beforeAll(async () => {
    const account = await t.db.query.lineAccounts.findFirst({
      where: eq(lineAccounts.lineUserId, personaByKey('customer')!.lineUserId),
    })
    memberId = account!.memberId!
    adminId = (await seededAdmin(t.db)).id
  })

  const edit = async (body: unknown, who: 'admin' | 'staff' | 'customer' = 'admin', id = memberId) =>
    t.app.request(`/api/admin/members/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await t.signIn(who)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('corrects every field, birthday included, and audits the old and new values in the same write', async () => {
    const res = await edit({
      name: '山田 華子',
      nameKana: 'ヤマダ ハナコ',
      phone: '０３－９８７６－５４３２',
      birthday: '1990/7/16',
      marketingOptIn: false,
      pointNotices: false,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      name: '山田 華子',
      phone: '0398765432',
      birthday: '1990-07-16',
      marketingOptIn: false,
      pointNotices: false,
      changed: ['name', 'phone', 'birthday', 'marketingOptIn', 'pointNotices'],
    })
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.profile_updated'), eq(auditLog.target, `member:${memberId}`)))
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: `staff:${adminId}`,
      detail: {
        fields: ['name', 'phone', 'birthday', 'marketingOptIn', 'pointNotices'],
        before: {
          name: '山田 花子',
          phone: '09012345678',
          birthday: '1990-07-15',
          marketingOptIn: true,
          pointNotices: true,
        },
        after: {
          name: '山田 華子',
          phone: '0398765432',
          birthday: '1990-07-16',
          marketingOptIn: false,
          pointNotices: false,
        },
      },
    })
  })

  it('clears the reading, phone and birthday with null', async () => {
    const res = await edit({ nameKana: null, phone: null, birthday: null })
    expect(res.status).toBe(200)
    const row = await t.db.query.members.findFirst({ where: eq(members.id, memberId) })
    expect(row).toMatchObject({ nameKana: null, phone: null, birthday: null })
  })

  it('refuses out-of-range birthdays, over-long names and control characters with 400 and writes nothing', async () => {
    const before = await t.db.query.members.findFirst({ where: eq(members.id, memberId) })
    for (const [body, code] of [
      [{ birthday: '1899-12-31' }, 'birthday_out_of_range'],
      [{ birthday: '2026-11-24' }, 'birthday_out_of_range'],
      [{ name: 'x'.repeat(41) }, 'text_too_long'],
      [{ name: 'x\u0007' }, 'control_characters'],
      [{ phone: 'abc' }, 'phone_invalid'],
      [{ name: null }, 'invalid_request'],
    ] as const) {
      const res = await edit(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await res.json()).error.code, JSON.stringify(body)).toBe(code)
    }
    expect(await t.db.query.members.findFirst({ where: eq(members.id, memberId) })).toEqual(before)
    expect((await edit({ birthday: '2026-11-23' })).status).toBe(200)
    expect((await edit({ birthday: '1900-01-01' })).status).toBe(200)
  })

  it('answers 404 for a deleted or unknown member and 403 to staff and customers', async () => {
    expect((await edit({ name: 'x' }, 'admin', 999_999)).status).toBe(404)
    expect((await edit({ name: 'x' }, 'staff')).status).toBe(403)
    expect((await edit({ name: 'x' }, 'customer')).status).toBe(403)
  })
})
