// What each message earned over a period (issue #18, item 6): per source (campaign, scenario step, trigger) the
// deliveries planned in the period, sent and delivered, unique clicks, purchases attributed by last touch and
// revenue, blocks right after a send, and LINE's own insight where it gave one. Computed here, never on the
// checkout's path. What counts is defined in server/domain/attribution.ts (a campaign's own results are its row).
//
// Scale (1M members, 10M ledger rows): every part is an index range. The sources are listed first (campaigns sent in
// the period, every scenario step, the trigger kinds); a source's deliveries of the period are one range of
// `deliveries_source_idx`, whose smallest and largest id bound its clicks (delivery ids only grow). Purchases are
// the period's range of `point_ledger_purchase_idx`; each finds its member's last click, else last delivery, by index.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { attributionWindowMs, blockWindowMs } from '../domain/attribution'
import { sourceKey, type MessageSource } from '../domain/message-source'
import { reportDays, slotMs, type ReportDay, type ReportSlot } from '../domain/report-days'
import { triggerKinds } from '../domain/triggers/kinds'

export interface MessageReportRow {
  source: MessageSource
  /** The campaign's or scenario's name (triggers are named by the console). */
  name: string | null
  /** A step's position in its scenario, from 1. */
  stepNumber: number | null
  /** Deliveries planned in the period and not skipped (blocked, opted out), and of those the ones LINE accepted. */
  sent: number
  delivered: number
  /** Deliveries with at least one click on a link, and all clicks. */
  clicked: number
  clicks: number
  /** Purchases whose last touch (a click, else a delivery, of a message delivered within the attribution window before
   * the purchase) was this source's. */
  purchasesAfterClick: number
  revenueAfterClick: number
  purchasesAfterDelivery: number
  revenueAfterDelivery: number
  /** Recipients who blocked the account within 48 h after this source's message (their last one before it). */
  blocks: number
  /** LINE's insight of this source's multicasts: null when LINE gave none (yet). */
  insight: { requests: number; delivered: number; uniqueImpression: number; uniqueClick: number } | null
}

export interface MessageReport {
  from: number
  to: number
  attributionDays: number
  rows: MessageReportRow[]
}

/** A row's figures: what a message earned, apart from its names. */
export type MessageFigures = Omit<MessageReportRow, 'source' | 'name' | 'stepNumber'>

interface SourceInfo {
  key: string
  source: MessageSource
  name: string | null
  stepNumber: number | null
}

/** Every source that may have deliveries planned in [from, to). */
async function candidateSources(db: Database, from: number, to: number): Promise<SourceInfo[]> {
  // A campaign's deliveries are planned while it is sent, which ends at its `sent_at` (within a run of the jobs).
  const campaigns = await db.all<{ id: number; name: string }>(
    sql`SELECT id, name FROM campaigns WHERE sent_at >= ${from} AND sent_at < ${to + 86_400_000} ORDER BY sent_at`,
  )
  const scenarios = await db.all<{ id: number; name: string; steps: string }>(
    sql`SELECT id, name, steps FROM scenarios ORDER BY id`,
  )
  const info = (source: MessageSource, name: string | null, stepNumber: number | null) => ({
    key: sourceKey(source),
    source,
    name,
    stepNumber,
  })
  return [
    ...campaigns.map((c) => info({ kind: 'campaign', campaignId: c.id }, c.name, null)),
    ...scenarios.flatMap((s) =>
      (JSON.parse(s.steps) as { key: number }[]).map((step, i) =>
        info({ kind: 'step', scenarioId: s.id, stepKey: step.key }, s.name, i + 1),
      ),
    ),
    ...triggerKinds.map((trigger) => info({ kind: 'trigger', trigger }, null, null)),
  ]
}

/** The counts of a row, as the statement answers them (D1 may answer a sum as a float: each is read as a number). */
const countKeys = [
  'sent',
  'delivered',
  'clicked',
  'clicks',
  'purchasesAfterClick',
  'revenueAfterClick',
  'purchasesAfterDelivery',
  'revenueAfterDelivery',
  'blocks',
] as const satisfies readonly (keyof MessageReportRow)[]

type Figures = Record<(typeof countKeys)[number], number> & {
  source: string
  insightRequests: number
  insightDelivered: number | null
  insightImpression: number | null
  insightClick: number | null
}

/**
 * The common part of the report's statements, as CTEs: `ranges`, the sources `keys` (a JSON array) with deliveries
 * planned in [from, to) and their id ranges; `buys`, every purchase up to `windowMs` after `to` with the delivery it
 * counts for (`touch`, by the rule of server/domain/attribution.ts) and whether by a click.
 */
function attributed(keys: string, from: number, to: number, windowMs: number): SQL {
  return sql`ranges AS (
      SELECT s.value AS source, min(d.id) AS lo, max(d.id) AS hi,
        sum(d.status <> 'skipped') AS sent, sum(d.status = 'sent') AS delivered
      FROM json_each(${keys}) s JOIN deliveries d ON d.source = s.value AND d.created_at >= ${from} AND d.created_at < ${to}
      GROUP BY s.value
    ),
    touches AS MATERIALIZED (
      SELECT p.member_id, p.created_at AS at, p.purchase_amount AS amount,
        (SELECT t.delivery_id FROM (
          SELECT delivery_id, clicked_at FROM campaign_clicks
          WHERE member_id = p.member_id AND clicked_at <= p.created_at AND clicked_at > p.created_at - ${windowMs}
          UNION ALL
          SELECT delivery_id, clicked_at FROM message_clicks
          WHERE member_id = p.member_id AND clicked_at <= p.created_at AND clicked_at > p.created_at - ${windowMs}
        ) t JOIN deliveries td ON td.id = t.delivery_id AND td.sent_at > p.created_at - ${windowMs}
        ORDER BY t.clicked_at DESC, t.delivery_id DESC LIMIT 1) AS click_touch
      FROM point_ledger p
      WHERE p.kind = 'earn' AND p.purchase_amount IS NOT NULL
        AND p.created_at >= ${from} AND p.created_at < ${to + windowMs}
        AND NOT EXISTS (SELECT 1 FROM point_ledger x WHERE x.reverses_id = p.id)
    ),
    buys AS MATERIALIZED (
      SELECT t.amount, t.click_touch IS NOT NULL AS by_click, coalesce(t.click_touch,
        (SELECT d.id FROM line_accounts la JOIN deliveries d ON d.line_user_id = la.line_user_id AND d.source IS NOT NULL
          WHERE la.member_id = t.member_id AND d.sent_at <= t.at AND d.sent_at > t.at - ${windowMs}
          ORDER BY d.sent_at DESC, d.id DESC LIMIT 1)) AS touch
      FROM touches t
    )`
}

/**
 * The figures of the sources `keys` (a JSON array) for deliveries planned in [from, to), one row per source with any;
 * purchases up to `windowMs` after `to` still count for the period's messages.
 */
export function figuresStatement(keys: string, from: number, to: number, windowMs: number): SQL {
  return sql`
    WITH ${attributed(keys, from, to, windowMs)},
    clicked AS (
      SELECT r.source, count(DISTINCT c.delivery_id) AS clicked, count(*) AS clicks
      FROM ranges r JOIN message_clicks c ON c.source = r.source AND c.delivery_id BETWEEN r.lo AND r.hi
      GROUP BY r.source
      UNION ALL
      SELECT r.source, count(DISTINCT c.delivery_id), count(*)
      FROM ranges r JOIN campaign_clicks c ON r.source LIKE 'campaign:%'
        AND c.campaign_id = CAST(substr(r.source, 10) AS INTEGER) AND c.delivery_id BETWEEN r.lo AND r.hi
      GROUP BY r.source
    ),
    bought AS MATERIALIZED (
      SELECT r.source, b.by_click, count(*) AS n, sum(b.amount) AS yen
      FROM buys b JOIN deliveries d ON d.id = b.touch
      JOIN ranges r ON r.source = d.source AND d.id BETWEEN r.lo AND r.hi
      GROUP BY r.source, b.by_click
    ),
    blocked AS (
      SELECT r.source, count(DISTINCT d.id) AS blocks
      FROM (
        SELECT (SELECT d.id FROM deliveries d
            WHERE d.line_user_id = json_extract(w.event, '$.source.userId') AND d.source IS NOT NULL
              AND d.sent_at <= w.received_at AND d.sent_at > w.received_at - ${blockWindowMs}
            ORDER BY d.sent_at DESC, d.id DESC LIMIT 1) AS delivery_id
        FROM webhook_events w
        WHERE w.type = 'unfollow' AND w.received_at >= ${from} AND w.received_at < ${to + blockWindowMs}
      ) u JOIN deliveries d ON d.id = u.delivery_id
      JOIN ranges r ON r.source = d.source AND d.id BETWEEN r.lo AND r.hi
      GROUP BY r.source
    ),
    insight AS (
      SELECT r.source, count(*) AS requests, sum(q.delivered) AS delivered, sum(q.unique_impression) AS impression,
        sum(q.unique_click) AS click
      FROM ranges r JOIN line_requests q ON q.source = r.source AND q.sent_at >= ${from}
        AND q.sent_at < ${to + 86_400_000} AND q.delivered IS NOT NULL
      GROUP BY r.source
    )
    SELECT r.source, r.sent, r.delivered,
      coalesce((SELECT sum(clicked) FROM clicked c WHERE c.source = r.source), 0) AS clicked,
      coalesce((SELECT sum(clicks) FROM clicked c WHERE c.source = r.source), 0) AS clicks,
      coalesce((SELECT n FROM bought b WHERE b.source = r.source AND b.by_click), 0) AS purchasesAfterClick,
      coalesce((SELECT yen FROM bought b WHERE b.source = r.source AND b.by_click), 0) AS revenueAfterClick,
      coalesce((SELECT n FROM bought b WHERE b.source = r.source AND NOT b.by_click), 0) AS purchasesAfterDelivery,
      coalesce((SELECT yen FROM bought b WHERE b.source = r.source AND NOT b.by_click), 0) AS revenueAfterDelivery,
      coalesce((SELECT blocks FROM blocked k WHERE k.source = r.source), 0) AS blocks,
      coalesce(i.requests, 0) AS insightRequests, i.delivered AS insightDelivered, i.impression AS insightImpression,
      i.click AS insightClick
    FROM ranges r LEFT JOIN insight i ON i.source = r.source`
}

/**
 * The same figures by quarter-hour slot of the whole period (server/domain/report-days.ts adds them up to shop days):
 * deliveries, deliveries clicked and the purchases they earned by when they were planned, LINE's opens by when the
 * multicast went out. A day's figures add up to the rows'.
 */
export function slotsStatement(keys: string, from: number, to: number, windowMs: number): SQL {
  // A number bound on D1 is a REAL: the slot is cast back to a whole number.
  const slot = (at: SQL) => sql`CAST(${at} / ${slotMs} AS INTEGER)`
  return sql`
    WITH ${attributed(keys, from, to, windowMs)},
    clicks AS (
      SELECT c.delivery_id FROM ranges r JOIN message_clicks c ON c.source = r.source AND c.delivery_id BETWEEN r.lo AND r.hi
      UNION
      SELECT c.delivery_id FROM ranges r JOIN campaign_clicks c ON r.source LIKE 'campaign:%'
        AND c.campaign_id = CAST(substr(r.source, 10) AS INTEGER) AND c.delivery_id BETWEEN r.lo AND r.hi
    )
    SELECT 'planned' AS metric, ${slot(sql`d.created_at`)} AS slot, sum(d.status <> 'skipped') AS a,
      sum(d.status = 'sent') AS b
    FROM json_each(${keys}) s JOIN deliveries d ON d.source = s.value AND d.created_at >= ${from} AND d.created_at < ${to}
    GROUP BY 2
    UNION ALL
    SELECT 'clicked', ${slot(sql`d.created_at`)}, count(*), NULL
    FROM clicks k JOIN deliveries d ON d.id = k.delivery_id
    GROUP BY 2
    UNION ALL
    SELECT 'bought', ${slot(sql`d.created_at`)}, count(*), sum(b.amount)
    FROM buys b JOIN deliveries d ON d.id = b.touch
    JOIN ranges r ON r.source = d.source AND d.id BETWEEN r.lo AND r.hi
    GROUP BY 2
    UNION ALL
    SELECT 'opened', ${slot(sql`q.sent_at`)}, sum(q.unique_impression), NULL
    FROM ranges r JOIN line_requests q ON q.source = r.source AND q.sent_at >= ${from}
      AND q.sent_at < ${to + 86_400_000} AND q.delivered IS NOT NULL
    GROUP BY 2`
}

/** The figures of the sources `keys` for deliveries planned in [from, to), by key (a source with none has no entry). */
export async function sourceFigures(
  db: Database,
  keys: string[],
  from: number,
  to: number,
  windowMs: number,
): Promise<Map<string, MessageFigures>> {
  const figures = await db.all<Figures>(figuresStatement(JSON.stringify(keys), from, to, windowMs))
  const n = (v: number | null) => Number(v ?? 0)
  return new Map(
    figures.map((f) => {
      const counts = Object.fromEntries(countKeys.map((k) => [k, n(f[k])])) as Record<(typeof countKeys)[number], number>
      const insight =
        n(f.insightRequests) > 0
          ? {
              requests: n(f.insightRequests),
              delivered: n(f.insightDelivered),
              uniqueImpression: n(f.insightImpression),
              uniqueClick: n(f.insightClick),
            }
          : null
      return [f.source, { ...counts, insight }]
    }),
  )
}

/** What the messages planned on each shop day of the period [firstDay, lastDay] earned. */
export async function messageReportDays(
  db: Database,
  period: { from: Date; to: Date; firstDay: string; lastDay: string; timeZone: string },
  attributionDays: number,
): Promise<ReportDay[]> {
  const from = period.from.getTime()
  const to = period.to.getTime()
  const keys = (await candidateSources(db, from, to)).map((s) => s.key)
  const windowMs = attributionWindowMs(attributionDays)
  const slots = await db.all<ReportSlot>(slotsStatement(JSON.stringify(keys), from, to, windowMs))
  return reportDays(period.firstDay, period.lastDay, slots, period.timeZone)
}

export async function messageReport(
  db: Database,
  period: { from: Date; to: Date },
  attributionDays: number,
): Promise<MessageReport> {
  const from = period.from.getTime()
  const to = period.to.getTime()
  const sources = await candidateSources(db, from, to)
  const byKey = await sourceFigures(db, sources.map((s) => s.key), from, to, attributionWindowMs(attributionDays))
  const rows = sources.flatMap((s): MessageReportRow[] => {
    const f = byKey.get(s.key)
    return f ? [{ source: s.source, name: s.name, stepNumber: s.stepNumber, ...f }] : []
  })
  return { from, to, attributionDays, rows }
}
