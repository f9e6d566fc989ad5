// CSV import of an existing membership base (so existing customers can link with their number) and CSV export.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import type { MemberField } from '../../db/schema'
import { parseCsv } from '../domain/csv'
import { csvLine } from '../domain/csv-write'
import { refusedCharacter, refusedCharacterMessage } from '../domain/free-text'
import { normalizeDate, normalizeKana, normalizePhone, prefectures } from '../domain/japanese-input'
import { normalizeMemberNumber } from '../domain/member-number'
import { birthdayOutOfRange, profileLimits } from '../domain/profile-limits'
import { localParts } from '../domain/time-zone'
import { audit } from './audit'
import { randomMemberNumber } from './linking'
import { listFields } from './member-fields'

/** Columns, with the Japanese headers Excel sheets use. */
const headerAliases: Record<string, string> = {
  member_number: 'memberNumber', 会員番号: 'memberNumber',
  name: 'name', 氏名: 'name', 名前: 'name', お名前: 'name',
  name_kana: 'nameKana', フリガナ: 'nameKana', ふりがな: 'nameKana', カナ: 'nameKana', 氏名カナ: 'nameKana',
  birthday: 'birthday', 生年月日: 'birthday', 誕生日: 'birthday',
  phone: 'phone', 電話番号: 'phone', 電話: 'phone',
  prefecture: 'prefecture', 都道府県: 'prefecture',
  points: 'points', ポイント: 'points', 保有ポイント: 'points',
  store_code: 'storeCode', 店舗コード: 'storeCode',
}

export const importColumns = ['member_number', 'name', 'name_kana', 'birthday', 'phone', 'prefecture', 'points', 'store_code'] as const

export interface ImportRow {
  row: number
  memberNumber: string
  issued: boolean
  name: string
  nameKana: string | null
  birthday: string | null
  phone: string | null
  prefecture: string | null
  points: number
  storeId: number | null
}

export interface RowError {
  /** 1-based line of the file (the header is row 1). */
  row: number
  column?: string
  message: string
}


export const maxImportRows = 20_000

/**
 * Validates every row (the limits of registration and profile edits; birthdays up to `now`'s day in `timeZone`); rows
 * with any problem are reported and not imported. Malformed quoting throws `CsvSyntaxError`.
 */
export async function validateImport(db: Database, text: string, now: Date, timeZone: string): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  const table = parseCsv(text)
  const errors: RowError[] = []
  if (table.length === 0) return { rows: [], errors: [{ row: 1, message: 'The file is empty' }] }
  const header = table[0]!.map((h) => headerAliases[h.trim().toLowerCase()] ?? headerAliases[h.trim()] ?? null)
  if (!header.includes('name')) return { rows: [], errors: [{ row: 1, message: `A "name" (氏名) column is required; columns: ${importColumns.join(', ')}` }] }
  if (table.length - 1 > maxImportRows) return { rows: [], errors: [{ row: 1, message: `At most ${maxImportRows} rows per file; split the file` }] }

  const storeRows = await db.all<{ id: number; code: string }>(sql`SELECT id, code FROM stores`)
  const storeByCode = new Map(storeRows.map((s) => [s.code, s.id]))
  const rows: ImportRow[] = []
  const seen = new Map<string, number>()
  table.slice(1).forEach((cells, i) => {
    const row = i + 2
    const get = (key: string) => {
      const index = header.indexOf(key)
      const value = index < 0 ? '' : (cells[index] ?? '').trim()
      return value === '' ? null : value
    }
    const problems: RowError[] = []
    const problem = (column: string, message: string) => problems.push({ row, column, message })
    header.forEach((key, index) => {
      const found = key ? refusedCharacter((cells[index] ?? '').trim()) : null
      if (found) problem(key!.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), refusedCharacterMessage(found))
    })
    const name = get('name')
    if (!name) problem('name', 'Name is required')
    else if ([...name].length > profileLimits.name) problem('name', `Name is longer than ${profileLimits.name} characters`)
    let memberNumber = get('memberNumber')
    let issued = false
    if (memberNumber) {
      const normalized = normalizeMemberNumber(memberNumber)
      if (!normalized) problem('member_number', `"${memberNumber}" is not a valid member number (10 digits with a check digit)`)
      else memberNumber = normalized
    } else {
      memberNumber = randomMemberNumber()
      issued = true
    }
    if (memberNumber && seen.has(memberNumber)) problem('member_number', `Same member number as row ${seen.get(memberNumber)}`)
    const kanaRaw = get('nameKana')
    const nameKana = kanaRaw ? normalizeKana(kanaRaw) : null
    if (kanaRaw && !nameKana) problem('name_kana', 'Reading must be katakana or hiragana')
    else if (kanaRaw && [...kanaRaw].length > profileLimits.nameKana) problem('name_kana', `Reading is longer than ${profileLimits.nameKana} characters`)
    const birthdayRaw = get('birthday')
    const birthday = birthdayRaw ? normalizeDate(birthdayRaw) : null
    const range = birthday ? birthdayOutOfRange(birthday, now, timeZone) : null
    if (birthdayRaw && !birthday) problem('birthday', `"${birthdayRaw}" is not a date (YYYY-MM-DD)`)
    else if (range) problem('birthday', `"${birthdayRaw}" is not between ${range.min} and ${range.max}`)
    const phoneRaw = get('phone')
    const phone = phoneRaw ? normalizePhone(phoneRaw) : null
    if (phoneRaw && !phone) problem('phone', `"${phoneRaw}" is not a Japanese phone number`)
    const prefecture = get('prefecture')
    if (prefecture && !(prefectures as readonly string[]).includes(prefecture)) problem('prefecture', `"${prefecture}" is not a prefecture`)
    const pointsRaw = get('points')
    const points = pointsRaw ? Number(pointsRaw.replace(/,/g, '')) : 0
    if (!Number.isInteger(points) || points < 0 || points > 10_000_000) problem('points', 'Points must be a whole number ≥ 0')
    const storeCode = get('storeCode')
    const storeId = storeCode ? (storeByCode.get(storeCode) ?? null) : null
    if (storeCode && storeId === null) problem('store_code', `No store with code "${storeCode}"`)
    if (memberNumber) seen.set(memberNumber, row)
    if (problems.length > 0) errors.push(...problems)
    else rows.push({ row, memberNumber: memberNumber!, issued, name: name!, nameKana, birthday, phone, prefecture, points, storeId })
  })

  // Numbers already in the database.
  for (let i = 0; i < rows.length; i += 500) {
    const numbers = rows.slice(i, i + 500).map((r) => r.memberNumber)
    const taken = await db.all<{ n: string }>(sql`SELECT member_number AS n FROM members WHERE member_number IN (SELECT value FROM json_each(${JSON.stringify(numbers)}))`)
    const takenSet = new Set(taken.map((t) => t.n))
    for (const r of rows.slice(i, i + 500)) {
      if (takenSet.has(r.memberNumber)) errors.push({ row: r.row, column: 'member_number', message: `Member number ${r.memberNumber} already exists` })
    }
  }
  const bad = new Set(errors.map((e) => e.row))
  return { rows: rows.filter((r) => !bad.has(r.row)), errors: errors.sort((a, b) => a.row - b.row) }
}

/** Inserts validated rows (50 per batch); opening balances become an `adjust` lot noted as a migration. */
export async function importMembers(db: Database, rows: ImportRow[], actor: string, validityDays: number, now: Date): Promise<number> {
  const at = now.getTime()
  const expiresAt = at + validityDays * 86_400_000
  let imported = 0
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50)
    const statements = chunk.flatMap((r) => {
      const insert = db.run(sql`INSERT INTO members (member_number, name, name_kana, birthday, phone, prefecture, home_store_id, created_at, updated_at)
        VALUES (${r.memberNumber}, ${r.name}, ${r.nameKana}, ${r.birthday}, ${r.phone}, ${r.prefecture}, ${r.storeId}, ${at}, ${at})
        ON CONFLICT (member_number) DO NOTHING`)
      if (r.points === 0) return [insert]
      const key = `import:${r.memberNumber}`
      const mine = sql`(SELECT id FROM members WHERE member_number = ${r.memberNumber} AND created_at = ${at} AND name = ${r.name})`
      return [
        insert,
        db.run(sql`INSERT INTO point_ledger (member_id, kind, points, remaining, expires_at, actor, idempotency_key, note, created_at)
          SELECT id, 'adjust', ${r.points}, ${r.points}, ${expiresAt}, ${actor}, ${key}, '旧会員データからの移行', ${at}
          FROM members WHERE id = ${mine} ON CONFLICT DO NOTHING`),
        db.run(sql`UPDATE members SET balance = balance + ${r.points}
          WHERE id = ${mine} AND EXISTS (SELECT 1 FROM point_ledger WHERE idempotency_key = ${key} AND created_at = ${at})`),
      ]
    })
    await db.batch(statements as [never, ...never[]])
    // Unary +: by member number (unique), not a walk of members_created_idx over every member this import made so far.
    const [count] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM members
      WHERE +created_at = ${at} AND member_number IN (SELECT value FROM json_each(${JSON.stringify(chunk.map((r) => r.memberNumber))}))`)
    imported += count?.n ?? 0
  }
  await audit(db, { actor, action: 'members.imported', target: 'members', detail: { imported } }, at)
  return imported
}

export const exportColumns = ['member_number', 'name', 'name_kana', 'birthday', 'phone', 'prefecture', 'rank', 'balance', 'line_status', 'store_code', 'marketing_opt_in', 'last_visit_at', 'created_at'] as const

/** The CSV column of a custom member field (one per active field, after the fixed columns, in the fields' order). */
export const fieldColumn = (key: string) => `field.${key}`

/** How a custom field's values fill one cell: several chosen values joined by `|`, in value order. */
const fieldCell = (values: readonly string[] | undefined) => (values ?? []).join('|')

/** All active members as CSV (UTF-8 with BOM, for Excel), produced page by page, with a column per active field. */
export function exportMembersCsv(db: Database, timeZone: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const when = (ms: number | null) => {
    if (ms === null) return ''
    const { date, time } = localParts(ms, timeZone)
    return `${date} ${time}`
  }
  let after = 0
  let fields: MemberField[] | null = null
  return new ReadableStream({
    async pull(controller) {
      if (!fields) {
        fields = await listFields(db)
        const header = [...exportColumns, ...fields.map((f) => fieldColumn(f.key))]
        controller.enqueue(encoder.encode(`\ufeff${csvLine(header)}`))
      }
      const rows = await db.all<Record<string, string | number | null>>(sql`SELECT m.id, m.member_number, m.name, m.name_kana, m.birthday,
          m.phone, m.prefecture, m.rank, m.balance, m.line_status, s.code AS store_code, m.marketing_opt_in, m.last_visit_at, m.created_at
        FROM members m LEFT JOIN stores s ON s.id = m.home_store_id
        WHERE m.status = 'active' AND m.id > ${after} ORDER BY m.id LIMIT 2000`)
      if (rows.length === 0) return controller.close()
      const last = Number(rows.at(-1)!.id)
      const answers = await pageAnswers(db, fields, after, last)
      after = last
      const line = (r: Record<string, string | number | null>) => [
        ...exportColumns.map((c) => (c === 'last_visit_at' || c === 'created_at' ? when(r[c] as number | null) : r[c])),
        ...fields!.map((f) => fieldCell(answers.get(`${r.id}:${f.id}`))),
      ]
      controller.enqueue(encoder.encode(rows.map((r) => csvLine(line(r))).join('')))
    },
  })
}

/** The answers of the members with ids in (after, last], by `member:field`, read along the answers' primary key. */
async function pageAnswers(db: Database, fields: readonly MemberField[], after: number, last: number) {
  const out = new Map<string, string[]>()
  if (fields.length === 0) return out
  const rows = await db.all<{ memberId: number; fieldId: number; value: string }>(sql`SELECT member_id AS memberId,
      field_id AS fieldId, value FROM member_field_answers WHERE member_id > ${after} AND member_id <= ${last}
    ORDER BY member_id, field_id, value`)
  for (const r of rows) out.set(`${r.memberId}:${r.fieldId}`, [...(out.get(`${r.memberId}:${r.fieldId}`) ?? []), r.value])
  return out
}
