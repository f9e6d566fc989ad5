// Link attempts inside workerd on D1: the conditional INSERT that records an attempt and decides its wait, and the
// guessing alert, behave as on libsql.
import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { isRefusal } from '../../server/domain/refusal'
import { checkMemberCredentials } from '../../server/linking/credentials'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000)
const wrong = { memberNumber: demo.unlinkedMemberNumber, birthday: '2000-01-01' }
const right = { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday }
const account = (i: number) => `U${String(i).padStart(32, 'd')}`

beforeAll(() => seedDemoShop(db, now))

describe('link attempts on D1', () => {
  it('lets 5 of 8 concurrent wrong attempts through, makes the account wait a minute, then twice as long', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => checkMemberCredentials(db, account(0), wrong, now)),
    )
    const codes = results.map((r) => (isRefusal(r) ? r.refusal : 'ok'))
    expect(codes.filter((c) => c === 'link_credentials_invalid')).toHaveLength(5)
    expect(codes.filter((c) => c === 'link_wait')).toHaveLength(3)
    await expect(checkMemberCredentials(db, account(0), right, later(59))).resolves.toMatchObject({
      refusal: 'link_wait',
      details: { retryAfterSeconds: 1 },
    })
    await expect(checkMemberCredentials(db, account(0), wrong, later(60))).resolves.toMatchObject({
      refusal: 'link_credentials_invalid',
    })
    await expect(checkMemberCredentials(db, account(0), right, later(61))).resolves.toMatchObject({
      details: { retryAfterSeconds: 119 },
    })
    expect(await checkMemberCredentials(db, account(0), right, later(180))).toMatchObject({ id: demo.unlinkedMemberId })
  })

  it('raises alert.link_guessing once when a number fails from 5 accounts, and does not hold the owner', async () => {
    for (let i = 1; i <= 6; i++) {
      await expect(checkMemberCredentials(db, account(i), wrong, later(200 + i))).resolves.toMatchObject({
        refusal: 'link_credentials_invalid',
      })
    }
    const alerts = await db.select().from(auditLog).where(eq(auditLog.action, 'alert.link_guessing'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ actor: 'system', detail: { accounts: 5, threshold: 5, windowMinutes: 60 } })
    expect(await checkMemberCredentials(db, account(7), right, later(300))).toMatchObject({ id: demo.unlinkedMemberId })
  })
})
