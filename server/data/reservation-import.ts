// CSV import of reservations (UTF-8 with or without BOM, or Shift_JIS): every row is checked first and reported
// by line; only a file without errors is written, in one atomic batch (rows with an external id are upserts).
import { inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { members, reservations, stores } from '../../db/schema'
import { parseCsv } from '../domain/csv'
import { refusedCharacter, refusedCharacterMessage } from '../domain/free-text'
import { normalizeDate, toAsciiDigits } from '../domain/japanese-input'
import { zonedDateTime } from '../domain/time-zone'
import { memberNumberLength, normalizeMemberNumber } from '../domain/member-number'
import { decodeText, type TextEncodingName } from '../domain/text-decoding'
import { audit } from './audit'

export const importMaxRows = 2000

/** Accepted header names per field (Japanese as a shop's export has them, or English). */
const headers = {
  memberNumber: ['member_number', '会員番号'],
  storeCode: ['store_code', '店舗コード'],
  date: ['date', '日付', '予約日'],
  time: ['time', '時刻', '時間', '予約時間'],
  partySize: ['party_size', '人数'],
  menu: ['menu', 'メニュー'],
  note: ['note', 'メモ', '備考'],
  externalId: ['external_id', '外部ID', '予約ID'],
} as const
type Field = keyof typeof headers
const required: Field[] = ['memberNumber', 'storeCode', 'date', 'time']

export interface ImportProblem {
  /** Line in the file (1 = the header). */
  line: number
  column?: string
  message: string
}

export type ImportResult =
  | { ok: true; encoding: TextEncodingName; created: number; updated: number }
  | { ok: false; encoding?: TextEncodingName; problems: ImportProblem[] }

const q = (ids: readonly unknown[]) => sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])}))`

/** Excel drops leading zeros of member numbers: put them back before checking the check digit. */
function memberNumberOf(raw: string): string | null {
  const digits = toAsciiDigits(raw).trim()
  return normalizeMemberNumber(/^\d+$/.test(digits) && digits.length < memberNumberLength ? digits.padStart(memberNumberLength, '0') : digits)
}

export async function importReservationsCsv(db: Database, bytes: Uint8Array, actor: string, now: Date): Promise<ImportResult> {
  const { text, encoding } = decodeText(bytes)
  const rows = parseCsv(text) // malformed quoting throws CsvSyntaxError, before anything is written
  if (rows.length < 2) return { ok: false, encoding, problems: [{ line: 1, message: 'The file has no rows under its header' }] }
  if (rows.length - 1 > importMaxRows) return { ok: false, encoding, problems: [{ line: 0, message: `At most ${importMaxRows} rows per file` }] }

  const header = rows[0]!.map((h) => h.trim().toLowerCase())
  const index = {} as Record<Field, number>
  for (const field of Object.keys(headers) as Field[]) index[field] = header.findIndex((h) => headers[field].some((name) => name.toLowerCase() === h))
  const missing = required.filter((f) => index[f] < 0)
  if (missing.length) {
    return { ok: false, encoding, problems: missing.map((f) => ({ line: 1, column: headers[f][0], message: `Missing column ${headers[f].join(' / ')}` })) }
  }

  const body = rows.slice(1)
  const cell = (row: string[], field: Field) => (index[field] >= 0 ? (row[index[field]] ?? '').trim() : '')
  const numbers = body.map((r) => memberNumberOf(cell(r, 'memberNumber'))).filter((n): n is string => n !== null)
  const [memberRows, storeRows] = await Promise.all([
    db.select({ id: members.id, memberNumber: members.memberNumber }).from(members).where(inArray(members.memberNumber, q(numbers))),
    db.select({ id: stores.id, code: stores.code, timeZone: stores.timeZone }).from(stores),
  ])
  const memberBy = new Map(memberRows.map((m) => [m.memberNumber, m.id]))
  const storeBy = new Map(storeRows.map((s) => [s.code, s]))

  const problems: ImportProblem[] = []
  const values: (typeof reservations.$inferInsert)[] = []
  const seenExternal = new Set<string>()
  body.forEach((row, i) => {
    const line = i + 2
    const fail = (field: Field, message: string) => problems.push({ line, column: headers[field][0], message })
    for (const field of Object.keys(headers) as Field[]) {
      const found = refusedCharacter(cell(row, field), field === 'note')
      if (found) fail(field, refusedCharacterMessage(found))
    }
    const number = memberNumberOf(cell(row, 'memberNumber'))
    const memberId = number ? memberBy.get(number) : undefined
    if (!number) fail('memberNumber', `Not a valid member number: "${cell(row, 'memberNumber')}"`)
    else if (!memberId) fail('memberNumber', `No member with number ${number}`)
    const store = storeBy.get(cell(row, 'storeCode'))
    if (!store) fail('storeCode', `No store with code "${cell(row, 'storeCode')}"`)
    const date = normalizeDate(cell(row, 'date'))
    if (!date) fail('date', `Not a date (YYYY-MM-DD): "${cell(row, 'date')}"`)
    const startsAt = date && store ? zonedDateTime(date, toAsciiDigits(cell(row, 'time')), store.timeZone) : null
    if (date && store && !startsAt) fail('time', `Not a time (HH:MM): "${cell(row, 'time')}"`)
    const partyText = cell(row, 'partySize')
    const partySize = partyText === '' ? 1 : Number(toAsciiDigits(partyText).replace(/名$/, ''))
    if (!Number.isInteger(partySize) || partySize < 1 || partySize > 100) fail('partySize', `Party size must be 1–100: "${partyText}"`)
    const externalId = cell(row, 'externalId') || null
    if (externalId && seenExternal.has(externalId)) fail('externalId', `External id ${externalId} appears twice in the file`)
    if (externalId) seenExternal.add(externalId)
    if (problems.length === 0 || problems.at(-1)!.line !== line) {
      values.push({ memberId: memberId!, storeId: store!.id, startsAt: startsAt!, partySize, menu: cell(row, 'menu') || null, note: cell(row, 'note') || null, externalId, updatedAt: now })
    }
  })
  if (problems.length) return { ok: false, encoding, problems }

  const externalIds = values.map((v) => v.externalId).filter((id): id is string => id !== null)
  const existing = externalIds.length
    ? await db.select({ id: reservations.externalId }).from(reservations).where(inArray(reservations.externalId, q(externalIds)))
    : []
  const statements = values.map((v) => {
    const insert = db.insert(reservations).values(v)
    if (!v.externalId) return insert
    const { externalId: _, ...changes } = v
    return insert.onConflictDoUpdate({ target: reservations.externalId, set: changes })
  })
  await db.batch([audit(db, { actor, action: 'reservation.imported', target: 'reservations', detail: { rows: values.length, encoding } }, now.getTime()), ...statements])
  return { ok: true, encoding, created: values.length - existing.length, updated: existing.length }
}
