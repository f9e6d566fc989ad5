// Creating or upserting a reservation on D1: the row and its audit entry in one batch, the entry naming the row just
// inserted.
import { env } from 'cloudflare:workers'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { auditLog } from '../../db/schema'
import { demo, seedDemoShop } from '../../db/seed'
import { createReservation, upsertByExternalId } from '../../server/data/reservations'

const db = openD1(env.DB)
const now = new Date('2026-04-01T00:00:00Z')

const visit = (startsAt: string) => ({
  memberId: demo.unlinkedMemberId,
  storeId: 1,
  startsAt: new Date(startsAt),
  partySize: 2,
})

beforeAll(() => seedDemoShop(db, now))

describe('reservation create on D1', () => {
  it('writes each reservation with an audit entry naming it', async () => {
    const input = visit('2026-04-02T09:00:00Z')
    const [a, b] = [
      await createReservation(db, input, 'staff:1', now),
      await createReservation(db, input, 'staff:1', now),
    ]
    expect(b.id).not.toBe(a.id)
    for (const row of [a, b]) {
      const entries = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'reservation.created'), eq(auditLog.target, `reservation:${row.id}`)))
      expect(entries).toHaveLength(1)
    }
  })

  it('upserts by external id with one audit entry per write, naming the row', async () => {
    const input = { ...visit('2026-04-03T09:00:00Z'), externalId: 'd1-sys-1' }
    const made = await upsertByExternalId(db, input, 'apikey:1', now)
    const again = await upsertByExternalId(db, { ...input, partySize: 3 }, 'apikey:1', now)
    expect([made.created, again.created, again.reservation.id]).toEqual([true, false, made.reservation.id])
    const entries = await db
      .select({ action: auditLog.action, storeId: auditLog.storeId })
      .from(auditLog)
      .where(eq(auditLog.target, `reservation:${made.reservation.id}`))
    expect(entries).toEqual([
      { action: 'reservation.created', storeId: 1 },
      { action: 'reservation.updated', storeId: 1 },
    ])
  })
})
