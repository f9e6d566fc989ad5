// GET /api/admin/reports: what each campaign, scenario step and trigger earned over a period of shop days; and the
// same table as CSV (`/export.csv`, headed in the console's language).
import { z } from '@hono/zod-openapi'
import { messageReport, messageReportDays, type MessageReport, type MessageReportRow } from '../../data/message-report'
import { blockWindowHours, defaultAttributionDays } from '../../domain/attribution'
import { csvLine } from '../../domain/csv-write'
import { addDaysToDate, parseDate, zonedDateTime } from '../../domain/time-zone'
import { badRequest } from '../../errors'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import type { AppEnv } from '../../env'
import type { Context } from 'hono'
import { adminRoute } from '../guarded-routes'

/** The longest period one report covers. */
export const maxReportDays = 366

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const Period = z.object({ from: day, to: day })

const Insight = z.object({
  requests: z.number(),
  delivered: z.number(),
  uniqueImpression: z.number(),
  uniqueClick: z.number(),
})
const Source = z.union([
  z.object({ kind: z.literal('campaign'), campaignId: z.number() }),
  z.object({ kind: z.literal('step'), scenarioId: z.number(), stepKey: z.number() }),
  z.object({ kind: z.literal('trigger'), trigger: z.string() }),
])
/** What a message earned (server/domain/attribution.ts): a report row's figures, and a campaign's own results. */
export const Figures = z.object({
  sent: z.number(),
  delivered: z.number(),
  clicked: z.number(),
  clicks: z.number(),
  purchasesAfterClick: z.number(),
  revenueAfterClick: z.number(),
  purchasesAfterDelivery: z.number(),
  revenueAfterDelivery: z.number(),
  blocks: z.number(),
  insight: Insight.nullable(),
})
const Row = Figures.extend({ source: Source, name: z.string().nullable(), stepNumber: z.number().nullable() })
/** The rules the figures were counted by, for the console to state. */
export const Rules = { attributionDays: z.number(), blockHours: z.number() }
const Day = z.object({
  date: z.string(),
  sent: z.number(),
  delivered: z.number(),
  clicked: z.number(),
  opened: z.number().nullable().openapi({ description: "LINE's unique impressions of the day's multicasts, if any" }),
  purchases: z.number(),
  revenue: z.number(),
})
const Report = z
  .object({
    from: z.string(),
    to: z.string(),
    ...Rules,
    rows: z.array(Row),
    days: z.array(Day).openapi({ description: 'What the messages planned on each shop day of the period earned' }),
  })
  .openapi('MessageReport')

const periodErrors = {
  400: errorResponse('`date_invalid` (not a calendar day), `period_invalid` (from after to, or longer than 366 days)'),
}

const route = adminRoute('get', '/', {
  summary: 'Sent, delivered, clicked, purchases, revenue and blocks per campaign, scenario step and trigger',
  request: { query: Period },
  responses: { 200: jsonResponse('The report', Report), ...periodErrors },
})

const csvRoute = adminRoute('get', '/export.csv', {
  summary: 'The report as CSV, headed in `lang`',
  request: { query: Period.extend({ lang: z.enum(['ja', 'en']).default('ja') }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...periodErrors,
  },
})

/** The period's first and last shop days as instants: [from 00:00, the day after `to` 00:00). */
async function period(c: Context<AppEnv>, from: string, to: string) {
  if (!parseDate(from) || !parseDate(to)) throw badRequest('date_invalid', 'from and to must be calendar days')
  if (from > to || addDaysToDate(from, maxReportDays - 1) < to)
    throw badRequest('period_invalid', `from must not be after to, and the period at most ${maxReportDays} days`)
  const timeZone = await c.var.shop.timeZone()
  return {
    from: zonedDateTime(from, '00:00', timeZone)!,
    to: zonedDateTime(addDaysToDate(to, 1), '00:00', timeZone)!,
    firstDay: from,
    lastDay: to,
    timeZone,
  }
}

const attributionDays = async (c: Context<AppEnv>) =>
  (await c.var.shop.settings.load()).messaging.attributionDays ?? defaultAttributionDays

async function report(c: Context<AppEnv>, from: string, to: string): Promise<MessageReport> {
  return messageReport(c.var.shop.db, await period(c, from, to), await attributionDays(c))
}

const headings = {
  ja: [
    '種類',
    '名前',
    'ステップ',
    '配信数',
    '配信済み',
    'クリック(ユニーク)',
    'クリック率',
    'クリック後の購入',
    'クリック後の売上',
    '配信後の購入',
    '配信後の売上',
    '配信後のブロック',
    'LINE開封(ユニーク)',
    'LINEクリック(ユニーク)',
  ],
  en: [
    'Kind',
    'Name',
    'Step',
    'Sent',
    'Delivered',
    'Clicked (unique)',
    'CTR',
    'Purchases after click',
    'Revenue after click',
    'Purchases after delivery',
    'Revenue after delivery',
    'Blocks after send',
    'LINE opens (unique)',
    'LINE clicks (unique)',
  ],
}
const kinds = {
  ja: { campaign: '配信', step: 'シナリオ', trigger: 'トリガー' },
  en: { campaign: 'Campaign', step: 'Scenario step', trigger: 'Trigger' },
}

function csvRow(row: MessageReportRow, lang: 'ja' | 'en'): string {
  const name = row.source.kind === 'trigger' ? row.source.trigger : row.name
  const ctr = row.delivered > 0 ? (row.clicked / row.delivered).toFixed(4) : ''
  return csvLine([
    kinds[lang][row.source.kind],
    name,
    row.stepNumber,
    row.sent,
    row.delivered,
    row.clicked,
    ctr,
    row.purchasesAfterClick,
    row.revenueAfterClick,
    row.purchasesAfterDelivery,
    row.revenueAfterDelivery,
    row.blocks,
    row.insight?.uniqueImpression,
    row.insight?.uniqueClick,
  ])
}

export const adminReports = createRouter()
  .openapi(route, async (c) => {
    const { from, to } = c.req.valid('query')
    const [shopPeriod, days] = await Promise.all([period(c, from, to), attributionDays(c)])
    const [result, perDay] = await Promise.all([
      messageReport(c.var.shop.db, shopPeriod, days),
      messageReportDays(c.var.shop.db, shopPeriod, days),
    ])
    return c.json({ ...result, from, to, blockHours: blockWindowHours, days: perDay }, 200)
  })
  .openapi(csvRoute, async (c) => {
    const { from, to, lang } = c.req.valid('query')
    const result = await report(c, from, to)
    const text = [csvLine(headings[lang]), ...result.rows.map((r) => csvRow(r, lang))].join('')
    c.header('content-type', 'text/csv; charset=utf-8')
    c.header('content-disposition', `attachment; filename="message-report-${from}-${to}.csv"`)
    return c.body(`\uFEFF${text}`, 200) as never
  })

export type AdminReport = z.infer<typeof Report>
