import Encoding from 'encoding-japanese'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, reservations } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { bearer, testAppPerSuite, json } from '../../../support/test-app'
import { queueReservationReminder } from '../../../support/reminders'

const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('/api/admin/reservations', () => {
  const t = testAppPerSuite({ now: jst('2026-11-23T12:00:00') })
  let admin: string
  let staff: string
  beforeAll(async () => {
    admin = await t.signIn('admin')
    staff = await t.signIn('staff')
  })

  const auth = (token: string) => ({ authorization: `Bearer ${token}` })
  const post = (path: string, body: unknown, token = admin) =>
    t.app.request(`/api/admin/reservations${path}`, json(body, auth(token)))
  const csv = (body: Uint8Array<ArrayBuffer> | string, token = admin) =>
    t.app.request('/api/admin/reservations/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...auth(token) },
      body,
    })

  it('is for admins only', async () => {
    expect((await t.app.request('/api/admin/reservations')).status).toBe(401)
    expect((await t.app.request('/api/admin/reservations', bearer(staff))).status).toBe(403)
  })

  it('creates a reservation and lists it with its reminders', async () => {
    const res = await post('', {
      memberId: 1,
      storeId: 1,
      startsAt: '2026-11-24T20:00:00+09:00',
      partySize: 3,
      menu: 'カラー',
    })
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({
      memberId: 1,
      storeId: 1,
      startsAt: '2026-11-24T11:00:00.000Z',
      partySize: 3,
      status: 'booked',
    })
    await queueReservationReminder(t, `reservation:${created.id}:1440m:1`)

    const list = await (await t.app.request('/api/admin/reservations', bearer(admin))).json()
    const listed = list.reservations.find((r: { id: number }) => r.id === created.id)
    expect(listed).toMatchObject({
      memberName: '山田 花子',
      storeName: '渋谷店',
      lineLinked: true,
      reminders: [{ status: 'pending' }],
    })
    expect(list.reservations.find((r: { memberId: number }) => r.memberId === 2)).toMatchObject({
      lineLinked: false,
      reminders: [],
    })
  })

  it('answers 400 for bad input and unknown member or store, without writing', async () => {
    const before = (await t.db.select().from(reservations)).length
    expect((await post('', { memberId: 1, storeId: 1, startsAt: 'tomorrow' })).status).toBe(400)
    const unknownMember = await post('', { memberId: 999, storeId: 1, startsAt: '2026-11-24T20:00:00+09:00' })
    expect((await unknownMember.json()).error.code).toBe('unknown_member')
    expect(
      (await (await post('', { memberId: 1, storeId: 99, startsAt: '2026-11-24T20:00:00+09:00' })).json()).error.code,
    ).toBe('unknown_store')
    expect((await t.db.select().from(reservations)).length).toBe(before)
  })

  it('edits the time (pending reminders for the old time are skipped) and cancels', async () => {
    await queueReservationReminder(t, 'reservation:1:120m:1')
    const moved = await t.app.request('/api/admin/reservations/1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...auth(admin) },
      body: JSON.stringify({ startsAt: '2026-11-24T19:00:00+09:00' }),
    })
    expect(moved.status).toBe(200)
    expect((await moved.json()).startsAt).toBe('2026-11-24T10:00:00.000Z')
    const [old] = await t.db.select().from(deliveries).where(eq(deliveries.dedupeKey, 'reservation:1:120m:1'))
    expect(old).toMatchObject({ status: 'skipped', lastError: 'reservation moved' })
    const cancelled = await post('/1/cancel', undefined)
    expect((await cancelled.json()).status).toBe('cancelled')
    expect((await post('/9999/cancel', undefined)).status).toBe(404)
  })

  describe('CSV import', () => {
    const header = '会員番号,店舗コード,日付,時刻,人数,メニュー,外部ID'
    const number = memberNumberFor(1)

    it('imports UTF-8 with a BOM and upserts rows with an external id', async () => {
      const body = `\uFEFF${header}\r\n${number},shibuya,2026/12/01,10:30,2,カット,ext-1\r\n${Number(number)},shibuya,2026-12-02,11:00,1,"ヘッドスパ, ロング",\r\n`
      const res = await csv(body)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ encoding: 'utf-8', created: 2, updated: 0 })
      const again = await csv(body.replace('10:30', '10:45').replace(/\r\n[^\r\n]*ヘッドスパ[^\r\n]*/, ''))
      expect(await again.json()).toEqual({ encoding: 'utf-8', created: 0, updated: 1 })
      const [row] = await t.db.select().from(reservations).where(eq(reservations.externalId, 'ext-1'))
      expect(row!.startsAt).toEqual(jst('2026-12-01T10:45:00'))
      expect(await t.db.select().from(reservations).where(eq(reservations.menu, 'ヘッドスパ, ロング'))).toHaveLength(1)
    })

    it('imports Shift_JIS as Japanese Excel saves it, and UTF-8 without a BOM', async () => {
      const text = `${header}\r\n${number},shibuya,2026/12/03,18:00,4,カット＋カラー,ext-sjis\r\n`
      const sjis = new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }))
      const res = await csv(sjis)
      expect(await res.json()).toEqual({ encoding: 'shift_jis', created: 1, updated: 0 })
      const [row] = await t.db.select().from(reservations).where(eq(reservations.externalId, 'ext-sjis'))
      expect(row).toMatchObject({ menu: 'カット＋カラー', partySize: 4 })
      expect((await (await csv(text.replace('ext-sjis', 'ext-plain'))).json()).encoding).toBe('utf-8')
    })

    it('reports every bad row by line and imports nothing', async () => {
      const before = (await t.db.select().from(reservations)).length
      const body = [
        header,
        `${number},shibuya,2026-12-05,10:00,1,,`,
        `123,shibuya,2026-12-05,10:00,1,,`,
        `${number},nowhere,2026-13-40,25:00,0,,`,
      ].join('\n')
      const res = await csv(body)
      expect(res.status).toBe(400)
      const { error } = await res.json()
      expect(error.code).toBe('csv_invalid')
      expect(error.details).toEqual([
        { line: 3, column: 'member_number', message: expect.stringContaining('123') },
        { line: 4, column: 'store_code', message: 'No store with code "nowhere"' },
        { line: 4, column: 'date', message: expect.stringContaining('2026-13-40') },
        { line: 4, column: 'party_size', message: expect.stringContaining('1–100') },
      ])
      expect((await t.db.select().from(reservations)).length).toBe(before)
    })

    it('names missing columns, and rejects an empty or non-CSV body', async () => {
      expect(
        (await (await csv('日付,時刻\n2026-12-01,10:00\n')).json()).error.details.map(
          (d: { column: string }) => d.column,
        ),
      ).toEqual(['member_number', 'store_code'])
      expect((await csv('')).status).toBe(400)
      expect((await csv(`${header}\n"unterminated`)).status).toBe(400)
    })
  })
})
