// A campaign's recipients into the outbox: one delivery per member (dedupe key `campaign:<id>:<memberId>`). Identical
// content shares one content hash, so the sender multicasts it; content with placeholders is rendered per member and
// goes out as pushes. Held in quiet hours unless the admin overrode them. Paged and idempotent: a crash is resumed.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { campaigns, type Campaign } from '../../db/schema'
import { campaignMessages, contentHash, type CampaignContent } from '../domain/campaign-content'
import { isPersonalised, personalise, placeholderValues } from '../domain/campaign-placeholders'
import { outsideQuietHours } from '../domain/quiet-hours'
import type { RankTier } from '../domain/ranks'
import type { Segment } from '../domain/segment'
import type { AppDeps } from '../env'
import type { QuietWindow } from '../outbox/quiet-hours'
import { messageLocale, type MessageLocale } from '../domain/message-locale'
import { byLanguage, couponLinkMessage, holdsCampaignCopy, issueCampaignCopies } from './coupon-campaign'
import { couponsUrl, findCoupon } from './coupon-copies'
import { memberFacts, type MemberWithFacts } from './member-facts'
import { recipientsPage } from './segments'
import { loadSettings, timeZoneOf } from './settings'
import { sourceKey } from '../domain/message-source'
import { clickTracking, linkTracker, type ClickTracking } from './campaign-clicks'

/** Recipients enqueued per statement: one JSON parameter of member ids (identical content)... */
const pageSize = 1000
/** ...or of rendered messages, a few KB each (personalised content). */
const personalPageSize = 100

/** What sending needs from the shop's settings. */
export interface CampaignSendContext {
  quiet: QuietWindow
  ranks: readonly RankTier[]
  /** Where members open their coupons (needed for a campaign that carries one). */
  couponsUrl?: string
  /** Where the campaign's links are counted (`/r/:code`): each delivery then carries its own messages. */
  clicks?: ClickTracking
}

export async function campaignSendContext(deps: Pick<AppDeps, 'db' | 'config'>): Promise<CampaignSendContext> {
  const settings = await loadSettings(deps.db)
  return {
    quiet: { hours: settings.messaging.quietHours, timeZone: timeZoneOf(settings, deps.config) },
    ranks: settings.ranks,
    couponsUrl: couponsUrl(deps.config),
    clicks: clickTracking(deps.config),
  }
}

/** When a campaign claimed at `now` may go out: now, or the end of quiet hours unless they were overridden. */
export function campaignReleaseAt(campaign: Pick<Campaign, 'quietHoursOverride'>, ctx: CampaignSendContext, now: Date) {
  return campaign.quietHoursOverride ? now : outsideQuietHours(now, ctx.quiet.hours, ctx.quiet.timeZone)
}

/** The messages one member receives. */
export function memberMessages(content: CampaignContent, member: MemberWithFacts, ctx: CampaignSendContext, now: Date) {
  return campaignMessages(personalise(content, placeholderValues(member, { ranks: ctx.ranks, timeZone: ctx.quiet.timeZone, now })))
}

/** The LINE user each of `ids` (a JSON array) is linked to. */
function linkedUsers(db: Database, ids: string) {
  return db.all<{ memberId: number; lineUserId: string }>(
    sql`SELECT member_id AS memberId, line_user_id AS lineUserId FROM line_accounts WHERE member_id IN (SELECT value FROM json_each(${ids}))`,
  )
}

async function memberLanguages(db: Database, ids: string) {
  const rows = await db.all<{ id: number; language: string | null }>(
    sql`SELECT id, language FROM members WHERE id IN (SELECT value FROM json_each(${ids}))`,
  )
  return new Map(rows.map((r) => [r.id, r.language]))
}

/** UUID v4 made by the database, for each delivery's X-Line-Retry-Key. */
export const uuidSql = sql.raw(`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`)

/** Enqueues every recipient of a `sending` campaign (idempotent by dedupe key); returns the number of deliveries. */
export async function enqueueCampaign(db: Database, campaign: Campaign, ctx: CampaignSendContext, now: Date): Promise<number> {
  const at = now.getTime()
  const releaseAt = campaignReleaseAt(campaign, ctx, now).getTime()
  const hold = campaign.quietHoursOverride ? 0 : 1
  const segment = campaign.segment as Segment
  const content = campaign.content as CampaignContent | null
  const personal = content !== null && isPersonalised(content)
  const track = linkTracker(ctx.clicks, campaign.id, campaign.messages)
  const coupon = campaign.couponId === null ? undefined : await findCoupon(db, campaign.couponId)
  if (campaign.couponId !== null && (!coupon || !ctx.couponsUrl)) throw new Error(`campaign ${campaign.id}: no coupon link`)
  const withLink = (locale: MessageLocale) => [...campaign.messages, ...(coupon ? [couponLinkMessage(coupon, ctx.couponsUrl!, locale)] : [])]
  const [ja, en] = [withLink('ja'), withLink('en')]
  const [hashJa, hashEn] = await Promise.all([contentHash(ja), contentHash(en)])
  // The prefix is bound as text: D1 binds JS numbers as REAL, and 'x' || 1.0 would read "x1.0".
  const prefix = `campaign:${campaign.id}:`
  const source = sourceKey({ kind: 'campaign', campaignId: campaign.id })
  const size = personal || track ? personalPageSize : pageSize
  for (let after = 0; ; ) {
    const page = await recipientsPage(db, segment, now, after, size)
    if (page.length === 0) break
    const ids = JSON.stringify(page.map((r) => r.memberId))
    // A coupon campaign issues the page's copies in the same batch as its deliveries, which need the copy.
    const withCopies = (insert: ReturnType<Database['run']>) =>
      coupon ? db.batch([issueCampaignCopies(db, campaign.id, coupon, ids, now), insert]) : insert
    const holds = (memberId: SQL) => (coupon ? sql` AND ${holdsCampaignCopy(campaign.id, memberId)}` : sql``)
    if (personal || track) {
      // Per member: its placeholders filled in, its links through its own click codes.
      const languages = coupon ? await memberLanguages(db, ids) : new Map<number, string | null>()
      const people: { memberId: number; lineUserId: string | null; facts?: MemberWithFacts }[] = personal
        ? (await memberFacts(db, page.map((r) => r.memberId), now)).map((facts) => ({ ...facts, facts }))
        : await linkedUsers(db, ids)
      const rows = people
        .filter((m) => m.lineUserId)
        .map((m) => {
          const link = coupon ? [couponLinkMessage(coupon, ctx.couponsUrl!, messageLocale(languages.get(m.memberId)))] : []
          const own = m.facts ? memberMessages(content!, m.facts, ctx, now) : campaign.messages
          return { id: m.memberId, to: m.lineUserId, messages: JSON.stringify([...(track ? track(own, m.memberId) : own), ...link]) }
        })
      await withCopies(db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, content_hash, retry_key, status,
          attempts, next_attempt_at, campaign_id, source, hold_in_quiet_hours, created_at)
        SELECT ${prefix} || json_extract(r.value, '$.id'), 'campaign', json_extract(r.value, '$.to'),
          json_extract(r.value, '$.messages'), NULL, ${uuidSql}, 'pending', 0, ${releaseAt}, ${campaign.id}, ${source}, ${hold}, ${at}
        FROM json_each(${JSON.stringify(rows)}) r
        WHERE true${holds(sql`json_extract(r.value, '$.id')`)}
        ON CONFLICT (dedupe_key) DO NOTHING`))
    } else {
      const messages = byLanguage(sql`m.language`, JSON.stringify(ja), JSON.stringify(en))
      const hash = byLanguage(sql`m.language`, hashJa, hashEn)
      await withCopies(db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, content_hash, retry_key, status,
          attempts, next_attempt_at, campaign_id, source, hold_in_quiet_hours, created_at)
        SELECT ${prefix} || m.id, 'campaign', la.line_user_id, ${messages}, ${hash}, ${uuidSql},
          'pending', 0, ${releaseAt}, ${campaign.id}, ${source}, ${hold}, ${at}
        FROM members m JOIN line_accounts la ON la.member_id = m.id
        WHERE m.id IN (SELECT value FROM json_each(${ids}))${holds(sql`m.id`)}
        ON CONFLICT (dedupe_key) DO NOTHING`))
    }
    if (page.length < size) break
    after = page.at(-1)!.memberId
  }
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM deliveries WHERE campaign_id = ${campaign.id}`)
  const recipients = row?.n ?? 0
  await db.update(campaigns).set({ status: 'sent', sentAt: now, recipients }).where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'sending')))
  return recipients
}
