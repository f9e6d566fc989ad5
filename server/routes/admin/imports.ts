// CSV imports (admin), with a body limit of their own (named in app.ts) instead of the JSON API's 64 KB.
import { z } from '@hono/zod-openapi'
import { importMembers, maxImportRows, validateImport } from '../../data/member-import'
import { decodeText } from '../../domain/text-decoding'
import { ApiError } from '../../errors'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import { staffActor } from '../../data/audit'
import { adminRoute } from '../guarded-routes'

/** CSV imports (members, reservations): a file of the largest import (rows × columns) fits well inside. */
export const importBodyLimitBytes = 8 * 1024 * 1024

const Report = z
  .object({
    encoding: z.string(),
    rows: z.number(),
    imported: z.number(),
    dryRun: z.boolean(),
    errors: z.array(z.object({ row: z.number(), column: z.string().optional(), message: z.string() })),
    issued: z.array(z.object({ row: z.number(), memberNumber: z.string() })),
  })
  .openapi('MemberImportReport')

const route = adminRoute('post', '/members', {
  summary: `Import members from CSV (UTF-8 with/without BOM, or Shift_JIS; at most ${maxImportRows} rows)`,
  description:
    'Columns (English or Japanese headers): member_number/会員番号 (validated; issued when empty), name/氏名 (required), name_kana/フリガナ, birthday/生年月日, phone/電話番号, prefecture/都道府県, points/ポイント, store_code/店舗コード. Rows with errors are reported and not imported; `dryRun=true` only validates.',
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
    body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } } },
  },
  responses: {
    200: jsonResponse('Import report', Report),
    400: errorResponse('Empty file (`empty_file`), or malformed quoting (`csv_malformed`, details: { row, column })'),
    413: errorResponse('Too large'),
  },
})

export const adminImports = createRouter().openapi(route, async (c) => {
  const { db, clock } = c.var.shop
  const dryRun = c.req.valid('query').dryRun === 'true'
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  if (bytes.length === 0) throw new ApiError(400, 'empty_file', 'The CSV file is empty')
  const { text, encoding } = decodeText(bytes)
  const now = clock()
  const { rows, errors } = await validateImport(db, text, now, await c.var.shop.timeZone())
  const total = rows.length + new Set(errors.map((e) => e.row)).size
  const imported =
    dryRun || rows.length === 0
      ? 0
      : await importMembers(
          db,
          rows,
          staffActor(c.var.staff),
          (await c.var.shop.settings.load()).points.validityDays,
          now,
        )
  return c.json(
    {
      encoding,
      rows: total,
      imported,
      dryRun,
      errors: errors.slice(0, 500),
      issued: rows.filter((r) => r.issued).map((r) => ({ row: r.row, memberNumber: r.memberNumber })),
    },
    200,
  )
})
