// The click redirect's data: which link a code names (from the campaign's stored messages, cached: a sent campaign's
// messages never change; or from the delivery's own stored messages), and the click row, written only when the
// code's delivery exists.
import { sql } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import type { Config } from '../config'
import {
  campaignLinks,
  signClickCode,
  trackedMessages,
  type CampaignClickCode,
  type ClickCode,
  type DeliveryClickCode,
} from '../domain/click-links'

/** What a campaign's deliveries need to carry tracked links. */
export interface ClickTracking {
  /** `{publicUrl}/r/` */
  base: string
  secret: string
}

export const clickTracking = (config: Pick<Config, 'publicUrl' | 'sessionSecret'>): ClickTracking => ({
  base: `${config.publicUrl}/r/`,
  secret: config.sessionSecret,
})

/** `messages` for one member, each campaign link through its code; null when the campaign has no link to track. */
export function linkTracker(tracking: ClickTracking | undefined, campaignId: number, messages: readonly unknown[]) {
  const links = campaignLinks(messages)
  if (!tracking || links.length === 0) return null
  return (own: readonly unknown[], memberId: number) =>
    trackedMessages(own, links, (linkIndex) => tracking.base + signClickCode(tracking.secret, { campaignId, memberId, linkIndex }))
}

/**
 * The messages a delivery with a source goes out with (scenario steps, triggers): each https link through the
 * delivery's own click code. The stored row keeps the plain links, which the redirect reads back.
 */
export function deliveryMessages(tracking: ClickTracking, deliveryId: number, messages: readonly unknown[]): unknown[] {
  return trackedMessages(messages, campaignLinks(messages), (linkIndex) => tracking.base + signClickCode(tracking.secret, { deliveryId, linkIndex }))
}

/** Per database (one per shop), a sent campaign's links by id; bounded, and only campaigns that exist are kept. */
const linksCaches = new WeakMap<Database, Map<number, readonly string[]>>()
const linksCacheSize = 1000

async function linksOf(db: Database, campaignId: number): Promise<readonly string[] | null> {
  let linksCache = linksCaches.get(db)
  if (!linksCache) linksCaches.set(db, (linksCache = new Map()))
  const hit = linksCache.get(campaignId)
  if (hit) return hit
  const [row] = await db.all<{ messages: string }>(sql`SELECT messages FROM campaigns WHERE id = ${campaignId} AND status = 'sent'`)
  if (!row) return null
  const links = campaignLinks(JSON.parse(row.messages) as unknown[])
  if (linksCache.size >= linksCacheSize) linksCache.delete(linksCache.keys().next().value!)
  linksCache.set(campaignId, links)
  return links
}

/**
 * Records a click on the link `code` names and answers its URL; null when there is no such link or delivery. The
 * click row is inserted from the delivery's row found by its dedupe key (one indexed read and the insert, one statement).
 */
export function recordClick(db: Database, code: ClickCode, now: Date): Promise<string | null> {
  return 'campaignId' in code ? recordCampaignClick(db, code, now) : recordDeliveryClick(db, code, now)
}

async function recordCampaignClick(db: Database, code: CampaignClickCode, now: Date): Promise<string | null> {
  const url = (await linksOf(db, code.campaignId))?.[code.linkIndex]
  if (!url) return null
  const inserted = await db.run(sql`INSERT INTO campaign_clicks (delivery_id, campaign_id, member_id, link_index, clicked_at)
    SELECT id, ${code.campaignId}, ${code.memberId}, ${code.linkIndex}, ${now.getTime()} FROM deliveries
    WHERE dedupe_key = ${`campaign:${code.campaignId}:${code.memberId}`}`)
  return wroteRow(inserted) ? url : null
}

/** A scenario step's or trigger's link: read from the sent delivery itself, the click written with its source. */
async function recordDeliveryClick(db: Database, code: DeliveryClickCode, now: Date): Promise<string | null> {
  const [row] = await db.all<{ messages: string; source: string; memberId: number | null }>(sql`SELECT d.messages,
      d.source, la.member_id AS memberId
    FROM deliveries d LEFT JOIN line_accounts la ON la.line_user_id = d.line_user_id
    WHERE d.id = ${code.deliveryId} AND d.source IS NOT NULL AND d.campaign_id IS NULL AND d.status = 'sent'`)
  const url = row && campaignLinks(JSON.parse(row.messages) as unknown[])[code.linkIndex]
  if (!row || !url) return null
  await db.run(sql`INSERT INTO message_clicks (delivery_id, source, member_id, link_index, clicked_at)
    VALUES (${code.deliveryId}, ${row.source}, ${row.memberId}, ${code.linkIndex}, ${now.getTime()})`)
  return url
}
