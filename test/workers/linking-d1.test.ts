// ID連携 writes inside workerd on D1: the link, register and unlink batches (conditional SQL, a UNIQUE race, audit
// rows written only when the change happened) behave as on libsql.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog, lineAccounts } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { linkAccount, registerMember, unlinkAccount } from '../../server/data/linking'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
/** A minute after `now` per step: the audit log keeps one entry per action, target and time. */
const minute = (n: number) => new Date(now.getTime() + n * 60_000)
const alice = 'U' + 'a1'.repeat(16)
const bob = 'U' + 'b2'.repeat(16)
const carol = 'U' + 'c3'.repeat(16)

const account = (lineUserId: string) =>
  db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId) })
const auditActions = async (target: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.target, target))).map((row) => row.action)

beforeAll(() => seedDemoShop(db, now))

describe('linking on D1', () => {
  it('links a membership once, refuses a second LINE account, and unlinks', async () => {
    const memberId = demo.unlinkedMemberId
    const link = (lineUserId: string, at = now) =>
      linkAccount(db, { lineUserId, memberId, method: 'liff', actor: `line:${lineUserId}` }, at)

    expect(await link(alice)).toBe(true)
    expect(await link(alice)).toBe(false) // the same link again: nothing written
    expect(await link(bob)).toMatchObject({ ok: false, refusal: 'member_already_linked' })
    expect((await account(alice))?.memberId).toBe(memberId)
    expect((await account(bob))?.memberId ?? null).toBeNull()

    const unlink = (at: Date) =>
      unlinkAccount(db, { lineUserId: alice, actor: `line:${alice}`, reason: 'customer' }, at)
    expect(await unlink(minute(1))).toBe(memberId)
    expect(await unlink(minute(2))).toBeNull()
    expect(await link(bob, minute(3))).toBe(true)
    expect(await auditActions(`member:${memberId}`)).toEqual(['member.link', 'member.unlink', 'member.link'])
  })

  it('registers a new membership linked to the account, and refuses a second registration', async () => {
    const input = {
      lineUserId: carol,
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      birthday: '1990-02-03',
      phone: '09012345678',
      prefecture: '東京都',
      marketingOptIn: true,
      termsVersion: '2026-01',
      privacyVersion: '2026-01',
    }
    const registered = await registerMember(db, input, now)
    if (!('memberId' in registered)) throw new Error(registered.message)
    const { memberId, memberNumber } = registered
    expect(memberNumber).toMatch(/^\d{10}$/)
    expect((await account(carol))?.memberId).toBe(memberId)
    expect(await registerMember(db, input, now)).toMatchObject({ ok: false, refusal: 'line_already_linked' })
    expect(await auditActions(`member-number:${memberNumber}`)).toEqual(['member.register'])
  })
})
