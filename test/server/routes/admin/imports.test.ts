import { eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, members, reservations } from '../../../../db/schema'
import { memberNumberFor } from '../../../../server/domain/member-number'
import { signedInTestApp, type TestApp } from '../../../support/test-app'

describe('CSV imports: quoting and characters', () => {
  let t: TestApp
  let admin: string
  beforeAll(async () => void ({ t, session: admin } = await signedInTestApp('admin')))
  afterAll(() => t.close())

  const upload = (path: string, text: string) =>
    t.app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: text,
    })
  const counts = async () => ({
    members: (await t.db.select().from(members)).length,
    reservations: (await t.db.select().from(reservations)).length,
    audits: (await t.db.select().from(auditLog).where(like(auditLog.action, '%.imported'))).length,
  })
  const reservationHeader = '会員番号,店舗コード,日付,時刻,人数,メニュー,メモ,外部ID'
  const number = memberNumberFor(1)

  it.each([
    ['text after a closing quote', 'name,phone\r\n"高橋"x,090-1111-2222\r\n', 2, 1],
    ['a quote inside an unquoted field', 'name,phone\r\n高橋,090-1111-2222\r\n伊藤 "健",03-1234-0000\r\n', 3, 1],
    ['an unterminated quoted field', 'name,phone\r\n高橋,"090-1111-2222\r\n伊藤,03-1234-0000\r\n', 2, 2],
  ])(
    'answers a member file with %s with 400 csv_malformed at its row and column, importing nothing',
    async (_, text, row, column) => {
      const before = await counts()
      const res = await upload('/api/admin/imports/members', text)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        error: {
          code: 'csv_malformed',
          message: expect.stringContaining(`row ${row}, column ${column}`),
          details: { row, column },
        },
      })
      expect(await counts()).toEqual(before)
    },
  )

  it('answers a reservation file with malformed quoting with 400 csv_malformed, importing nothing', async () => {
    const before = await counts()
    const text = `${reservationHeader}\r\n${number},shibuya,2026-12-01,10:00,1,カット,ok,ext-a\r\n${number},shibuya,2026-12-01,11:00,1,"カット"と,,ext-b\r\n`
    const res = await upload('/api/admin/reservations/import', text)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ code: 'csv_malformed', details: { row: 3, column: 6 } })
    expect(await counts()).toEqual(before)
  })

  it('still imports RFC 4180 quoting: doubled quotes, quoted commas and newlines, CRLF', async () => {
    const text = `${reservationHeader}\r\n${number},shibuya,2026-12-02,10:00,2,"カット, ""ロング""","1行目\r\n2行目",ext-rfc\r\n`
    const res = await upload('/api/admin/reservations/import', text)
    expect(res.status).toBe(200)
    const [row] = await t.db.select().from(reservations).where(eq(reservations.externalId, 'ext-rfc'))
    expect(row).toMatchObject({ menu: 'カット, "ロング"', note: '1行目\r\n2行目' })
  })

  it('reports a control character in a reservation cell by line and column, importing nothing', async () => {
    const before = await counts()
    const text = `${reservationHeader}\r\n${number},shibuya,2026-12-03,10:00,1,カ\u0000ット,,ext-nul\r\n${number},shibuya,2026-12-03,11:00,1,,窓際\u202e席,ext-bidi\r\n`
    const res = await upload('/api/admin/reservations/import', text)
    expect(res.status).toBe(400)
    const { error } = await res.json()
    expect(error.code).toBe('csv_invalid')
    expect(error.details).toEqual([
      { line: 2, column: 'menu', message: expect.stringContaining('U+0000') },
      { line: 3, column: 'note', message: expect.stringContaining('U+202E') },
    ])
    expect(await counts()).toEqual(before)
  })

  it('reports a member row with a control character and does not import it', async () => {
    const res = await upload('/api/admin/imports/members', 'name,phone\r\n小林\u0007花,03-1234-0000\r\n')
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report).toMatchObject({
      imported: 0,
      errors: [{ row: 2, column: 'name', message: expect.stringContaining('U+0007') }],
    })
    expect(await t.db.select().from(members).where(like(members.name, '小林%'))).toEqual([])
  })

  it('reports birthdays outside 1900-01-01..today and names over 40 characters, importing the rows at the limits', async () => {
    const csv = [
      'name,birthday',
      '境界 一,1899-12-31',
      '境界 二,2026-11-24',
      `${'長'.repeat(41)},1990-01-01`,
      '境界 三,1900-01-01',
      '境界 四,2026-11-23',
      `${'名'.repeat(40)},1990-01-01`,
    ].join('\r\n')
    const report = await (await upload('/api/admin/imports/members', csv)).json()
    expect(report).toMatchObject({ imported: 3 })
    expect(report.errors).toEqual([
      { row: 2, column: 'birthday', message: expect.stringContaining('between 1900-01-01 and 2026-11-23') },
      { row: 3, column: 'birthday', message: expect.stringContaining('between 1900-01-01 and 2026-11-23') },
      { row: 4, column: 'name', message: 'Name is longer than 40 characters' },
    ])
  })
})
