// What a campaign earned: its row of the reports page (server/data/message-report.ts) over the span of its own
// deliveries, so the campaign page and the reports page show one set of figures (server/domain/attribution.ts).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { attributionWindowMs, campaignSpan, type DeliverySpan } from '../domain/attribution'
import { sourceKey } from '../domain/message-source'
import { sourceFigures, type MessageFigures } from './message-report'

export type CampaignResults = MessageFigures & { attributionDays: number }

const none: MessageFigures = {
  sent: 0,
  delivered: 0,
  clicked: 0,
  clicks: 0,
  purchasesAfterClick: 0,
  revenueAfterClick: 0,
  purchasesAfterDelivery: 0,
  revenueAfterDelivery: 0,
  blocks: 0,
  insight: null,
}

export async function campaignResults(db: Database, campaignId: number, attributionDays: number): Promise<CampaignResults> {
  const key = sourceKey({ kind: 'campaign', campaignId })
  const [found] = await db.all<DeliverySpan>(sql`
    SELECT min(created_at) AS firstPlannedAt, max(created_at) AS lastPlannedAt, max(sent_at) AS lastSentAt
    FROM deliveries WHERE source = ${key}`)
  // D1 may answer an aggregate as a float.
  const instant = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v))
  const span = campaignSpan({
    firstPlannedAt: instant(found?.firstPlannedAt),
    lastPlannedAt: instant(found?.lastPlannedAt),
    lastSentAt: instant(found?.lastSentAt),
  })
  if (!span) return { ...none, attributionDays }
  const figures = await sourceFigures(db, [key], span.from, span.to, attributionWindowMs(attributionDays))
  return { ...(figures.get(key) ?? none), attributionDays }
}
