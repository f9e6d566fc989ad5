// What a campaign earned: sent, clicks (unique per delivery and link), members who clicked, purchases and revenue
// attributed to it, and blocks right after it. Attribution is computed here, never on the checkout's path: a purchase
// (an earn with a purchase amount, not reversed) belongs to the campaign whose delivery or click was the member's
// last campaign touch before it, within the shop's attribution window.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

export const defaultAttributionDays = 7
/** Unfollows within this long after a member's delivery count as blocks caused by the send. */
const blockWindowMs = 24 * 3600_000

export interface CampaignResults {
  sent: number
  clicks: number
  /** Distinct delivery and link pairs clicked. */
  uniqueClicks: number
  /** Members who clicked at least one link. */
  clickers: number
  purchases: number
  /** Sum of the attributed purchases' amounts, in yen. */
  revenue: number
  /** Recipients who blocked the account within 24 h after their delivery. */
  blocks: number
  attributionDays: number
}

export async function campaignResults(db: Database, campaignId: number, attributionDays: number): Promise<CampaignResults> {
  const windowMs = attributionDays * 86_400_000
  const [row] = await db.all<Omit<CampaignResults, 'attributionDays'>>(sql`
    WITH r AS (
      SELECT d.line_user_id AS uid, d.sent_at AS sent_at, la.member_id AS member_id
      FROM deliveries d LEFT JOIN line_accounts la ON la.line_user_id = d.line_user_id
      WHERE d.campaign_id = ${campaignId} AND d.status = 'sent'
    ),
    buys AS (
      SELECT l.purchase_amount AS amount, (
        SELECT t.campaign_id FROM (
          SELECT d.campaign_id AS campaign_id, d.sent_at AS at FROM deliveries d
          WHERE d.line_user_id = r.uid AND d.campaign_id IS NOT NULL AND d.sent_at <= l.created_at
            AND d.sent_at > l.created_at - ${windowMs} AND d.status = 'sent'
          UNION ALL
          SELECT c.campaign_id, c.clicked_at FROM campaign_clicks c
          WHERE c.member_id = r.member_id AND c.clicked_at <= l.created_at AND c.clicked_at > l.created_at - ${windowMs}
        ) t ORDER BY t.at DESC LIMIT 1
      ) AS touch
      FROM r JOIN point_ledger l ON l.member_id = r.member_id
      WHERE l.kind = 'earn' AND l.purchase_amount IS NOT NULL AND l.created_at >= r.sent_at
        AND NOT EXISTS (SELECT 1 FROM point_ledger x WHERE x.reverses_id = l.id)
    ),
    unfollows AS (
      SELECT json_extract(w.event, '$.source.userId') AS uid, w.received_at AS at FROM webhook_events w
      WHERE w.type = 'unfollow' AND w.received_at >= (SELECT min(sent_at) FROM r)
        AND w.received_at <= (SELECT max(sent_at) FROM r) + ${blockWindowMs}
    )
    SELECT
      (SELECT count(*) FROM r) AS sent,
      (SELECT count(*) FROM campaign_clicks WHERE campaign_id = ${campaignId}) AS clicks,
      (SELECT count(*) FROM (SELECT DISTINCT delivery_id, link_index FROM campaign_clicks WHERE campaign_id = ${campaignId})) AS uniqueClicks,
      (SELECT count(DISTINCT delivery_id) FROM campaign_clicks WHERE campaign_id = ${campaignId}) AS clickers,
      (SELECT count(*) FROM buys WHERE touch = ${campaignId}) AS purchases,
      (SELECT coalesce(sum(amount), 0) FROM buys WHERE touch = ${campaignId}) AS revenue,
      (SELECT count(DISTINCT r.uid) FROM r JOIN unfollows u ON u.uid = r.uid
        AND u.at >= r.sent_at AND u.at <= r.sent_at + ${blockWindowMs}) AS blocks`)
  return { ...row!, attributionDays }
}
