// The click redirect's data: which link a code names (from the campaign's stored messages, cached: a sent campaign's
// messages never change; or from the delivery's own stored messages, for scenario steps and triggers), and the click
// row, written only when the code's delivery exists (on Node, campaign clicks of concurrent requests in one statement).
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { createCache } from '../cache'
import type { Config } from '../config'
import {
  campaignLinks,
  signClickCode,
  trackedMessages,
  type CampaignClickCode,
  type ClickCode,
  type DeliveryClickCode,
} from '../domain/click-links'
import type { Clock } from '../env'
import { groupCommit } from './group-commit'

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

/** A click to record: the campaign link its code names, at `at`. */
export interface Click {
  code: CampaignClickCode
  at: Date
}

const deliveryKey = ({ campaignId, memberId }: { campaignId: number; memberId: number }) =>
  `campaign:${campaignId}:${memberId}`

/**
 * Inserts each click whose delivery exists, every row from the delivery found by its dedupe key, all in one statement
 * (so one commit, and none of them when it fails); answers, per click, whether it was recorded.
 */
export async function insertClicks(db: Database, clicks: readonly Click[]): Promise<boolean[]> {
  const rows = clicks.map(({ code, at }) => [code.campaignId, code.memberId, code.linkIndex, at.getTime(), deliveryKey(code)])
  // CROSS JOIN keeps the clicks the outer loop: one dedupe-key index lookup each, whatever the planner estimates.
  const inserted = await db.all<{ campaignId: number; memberId: number }>(sql`INSERT INTO campaign_clicks
    (delivery_id, campaign_id, member_id, link_index, clicked_at)
    SELECT d.id, c.value ->> 0, c.value ->> 1, c.value ->> 2, c.value ->> 3
    FROM json_each(${JSON.stringify(rows)}) AS c CROSS JOIN deliveries AS d ON d.dedupe_key = c.value ->> 4
    RETURNING campaign_id AS campaignId, member_id AS memberId`)
  const found = new Set(inserted.map(deliveryKey))
  return clicks.map(({ code }) => found.has(deliveryKey(code)))
}

/** Campaigns' links kept per shop: sent campaigns only, and a sent campaign's messages never change. */
const linksCacheSize = 1000

export interface ClickRecorder {
  /** Records a click on the link `code` names and answers its URL; null when there is no such link or delivery. */
  record(code: ClickCode, at: Date): Promise<string | null>
}

export interface ClickRecorderOptions {
  /**
   * Clicks of concurrent requests share one statement (group commit, server/data/group-commit.ts): for one process
   * writing an embedded database. Off, each request writes its own click (Workers: a D1 call belongs to the request
   * that made it, so one request must not write, or wait for, another's).
   */
  group?: boolean
}

export function createClickRecorder(db: Database, clock: Clock, { group = false }: ClickRecorderOptions = {}): ClickRecorder {
  const links = createCache<number, Promise<readonly string[] | null>>({ clock, maxEntries: linksCacheSize })
  const linksOf = async (campaignId: number) => {
    const found = await links.get(campaignId, async () => {
      const [row] = await db.all<{ messages: string }>(
        sql`SELECT messages FROM campaigns WHERE id = ${campaignId} AND status = 'sent'`,
      )
      return row ? campaignLinks(JSON.parse(row.messages) as unknown[]) : null
    })
    // Only sent campaigns are kept: one still sending may be sent in a moment.
    if (!found) links.invalidate(campaignId)
    return found
  }
  const write: (click: Click) => Promise<boolean> = group
    ? groupCommit({ writeAll: (clicks: Click[]) => insertClicks(db, clicks) })
    : async (click) => (await insertClicks(db, [click]))[0]!
  return {
    async record(code, at) {
      if (!('campaignId' in code)) return recordDeliveryClick(db, code, at)
      const url = (await linksOf(code.campaignId))?.[code.linkIndex]
      if (!url) return null
      return (await write({ code, at })) ? url : null
    },
  }
}

/**
 * A scenario step's or trigger's link: read from the sent delivery itself, the click written with its source (one
 * request, one row: these clicks are far fewer than a campaign's).
 */
async function recordDeliveryClick(db: Database, code: DeliveryClickCode, at: Date): Promise<string | null> {
  const [row] = await db.all<{ messages: string; source: string; memberId: number | null }>(sql`SELECT d.messages,
      d.source, la.member_id AS memberId
    FROM deliveries d LEFT JOIN line_accounts la ON la.line_user_id = d.line_user_id
    WHERE d.id = ${code.deliveryId} AND d.source IS NOT NULL AND d.campaign_id IS NULL AND d.status = 'sent'`)
  const url = row && campaignLinks(JSON.parse(row.messages) as unknown[])[code.linkIndex]
  if (!row || !url) return null
  await db.run(sql`INSERT INTO message_clicks (delivery_id, source, member_id, link_index, clicked_at)
    VALUES (${code.deliveryId}, ${row.source}, ${row.memberId}, ${code.linkIndex}, ${at.getTime()})`)
  return url
}
