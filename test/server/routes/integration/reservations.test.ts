import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiKeys, deliveries, reservations } from '../../../../db/schema'
import { createApiKey } from '../../../../server/data/api-keys'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { testAppPerSuite } from '../../../support/test-app'
import { queueReservationReminder } from '../../../support/reminders'

describe('PUT /api/integration/reservations/{externalId}', () => {
  const t = testAppPerSuite({ now: new Date('2026-11-23T12:00:00+09:00') })
  let key: string
  beforeAll(async () => {
    key = (await createApiKey(t.db, 'booking system', 'test')).key
  })

  const put = (externalId: string, body: unknown, apiKey: string | null = key) =>
    t.app.request(`/api/integration/reservations/${externalId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify(body),
    })
  const booking = {
    memberNumber: memberNumberFor(1),
    storeCode: 'shibuya',
    startsAt: '2026-11-30T15:00:00+09:00',
    partySize: 2,
  }

  it('stores only a hash of the key and refuses missing, wrong or revoked keys', async () => {
    const [row] = await t.db.select().from(apiKeys)
    expect(row!.keyHash).not.toContain(key)
    expect(row!.prefix).toBe(key.slice(0, 10))
    expect((await put('b-1', booking, null)).status).toBe(401)
    expect((await put('b-1', booking, 'tsk_wrong')).status).toBe(401)
    const revoked = await createApiKey(t.db, 'old', 'test')
    await t.db.update(apiKeys).set({ revokedAt: t.clock.now }).where(eq(apiKeys.id, revoked.row.id))
    expect((await (await put('b-1', booking, revoked.key)).json()).error.code).toBe('bad_api_key')
  })

  it('creates by external id, then updates the same reservation (201, then 200)', async () => {
    const created = await put('b-1', booking)
    expect(created.status).toBe(201)
    const first = await created.json()
    expect(first).toMatchObject({ externalId: 'b-1', memberId: 1, storeId: 1, partySize: 2, status: 'booked' })
    await queueReservationReminder(t, `reservation:${first.id}:1440m:1`)
    const updated = await put('b-1', { ...booking, startsAt: '2026-11-30T16:00:00+09:00', partySize: 3 })
    expect(updated.status).toBe(200)
    expect(await updated.json()).toMatchObject({ id: first.id, startsAt: '2026-11-30T07:00:00.000Z', partySize: 3 })
    expect(await t.db.select().from(reservations).where(eq(reservations.externalId, 'b-1'))).toHaveLength(1)
    const [reminder] = await t.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.dedupeKey, `reservation:${first.id}:1440m:1`))
    expect(reminder!.status).toBe('skipped')
    const [used] = await t.db.select().from(apiKeys).limit(1)
    expect(used!.lastUsedAt).not.toBeNull()
  })

  it('never creates two rows for one external id under concurrent calls', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => put('b-race', booking)))
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true)
    expect(await t.db.select().from(reservations).where(eq(reservations.externalId, 'b-race'))).toHaveLength(1)
  })

  it('cancels through status, and answers 400 for unknown member or store and bad input', async () => {
    expect((await (await put('b-1', { ...booking, status: 'cancelled' })).json()).status).toBe('cancelled')
    expect((await (await put('b-2', { ...booking, memberNumber: '0000000000' })).json()).error.code).toBe(
      'unknown_member',
    )
    expect((await (await put('b-2', { ...booking, storeCode: 'nowhere' })).json()).error.code).toBe('unknown_store')
    expect((await put('b-2', { ...booking, startsAt: 'soon' })).status).toBe(400)
  })
})
