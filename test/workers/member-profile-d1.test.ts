// Profile corrections inside workerd on D1: the audited update batch (old values read by the audit INSERT before the
// UPDATE) and the once-only birthday behave as on libsql; migration 0020 applied.
import { env } from 'cloudflare:workers'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog, members } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { updateProfile } from '../../server/data/member-profile'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')

beforeAll(() => seedDemoShop(db, now))

describe('member profile corrections on D1', () => {
  it('changes only what differs and audits its old and new values in the same batch', async () => {
    const memberId = demo.unlinkedMemberId
    const before = await db.query.members.findFirst({ where: eq(members.id, memberId) })
    const changed = await updateProfile(
      db,
      {
        memberId,
        changes: { name: before!.name, phone: '0312345678', marketingOptIn: !before!.marketingOptIn },
        actor: 'admin:1',
        birthdayOnceOnly: false,
      },
      now,
    )
    expect(changed).toEqual(['phone', 'marketingOptIn'])
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'member.profile_updated'))
    expect(entry!.detail).toEqual({
      fields: ['phone', 'marketingOptIn'],
      before: { phone: before!.phone, marketingOptIn: before!.marketingOptIn },
      after: { phone: '0312345678', marketingOptIn: !before!.marketingOptIn },
    })
  })

  it('lets a customer set a missing birthday once and refuses a second change, writing nothing', async () => {
    const memberId = demo.unlinkedMemberId
    await db.run(sql`UPDATE members SET birthday = NULL WHERE id = ${memberId}`)
    const edit = (birthday: string) =>
      updateProfile(db, { memberId, changes: { birthday }, actor: 'line:U1', birthdayOnceOnly: true }, now)
    expect(await edit('1985-04-12')).toEqual(['birthday'])
    expect(await edit('1985-04-13')).toMatchObject({ ok: false, refusal: 'birthday_locked' })
    expect((await db.query.members.findFirst({ where: eq(members.id, memberId) }))!.birthday).toBe('1985-04-12')
    expect(await db.$count(auditLog, eq(auditLog.action, 'member.profile_updated'))).toBe(2)
  })
})
