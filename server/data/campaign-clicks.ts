// The click redirect's data: which link a code names (from the campaign's stored messages, cached: a sent campaign's
// messages never change), and the click row, written only when the code's delivery exists.
import { sql } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import type { Config } from '../config'
import { campaignLinks, signClickCode, trackedMessages, type ClickCode } from '../domain/click-links'

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
export async function recordClick(db: Database, code: ClickCode, now: Date): Promise<string | null> {
  const url = (await linksOf(db, code.campaignId))?.[code.linkIndex]
  if (!url) return null
  const inserted = await db.run(sql`INSERT INTO campaign_clicks (delivery_id, campaign_id, member_id, link_index, clicked_at)
    SELECT id, ${code.campaignId}, ${code.memberId}, ${code.linkIndex}, ${now.getTime()} FROM deliveries
    WHERE dedupe_key = ${`campaign:${code.campaignId}:${code.memberId}`}`)
  return wroteRow(inserted) ? url : null
}
