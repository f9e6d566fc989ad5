// Campaigns: drafts, schedules and sends. A send enqueues one outbox delivery per recipient (dedupe key
// `campaign:<id>:<memberId>`, shared content hash, so the sender multicasts); nothing here talks to LINE except the
// quota check. Enqueueing is paged and idempotent, so a crashed send is simply resumed by the next job run.
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { campaigns, type Campaign } from '../../db/schema'
import { campaignMessages, contentHash, type CampaignContent } from '../domain/campaign-content'
import { normalizeSegment, type Segment } from '../domain/segment'
import type { AppDeps } from '../env'
import { ApiError, conflict, notFound } from '../errors'
import { audit } from './audit'
import { enqueueMessage } from './outbox'
import { countRecipients, recipientsPage } from './segments'

/** Recipients enqueued per statement: one JSON parameter of member ids. */
const pageSize = 1000

export interface CampaignInput {
  name: string
  segment: Segment
  content: CampaignContent
  /** Send at this time (status `scheduled`); null keeps a draft. */
  scheduledAt: Date | null
}

function values(input: CampaignInput) {
  return {
    name: input.name,
    segment: normalizeSegment(input.segment) as Record<string, unknown>,
    content: input.content as Record<string, unknown>,
    messages: campaignMessages(input.content),
    scheduledAt: input.scheduledAt,
    status: input.scheduledAt ? ('scheduled' as const) : ('draft' as const),
  }
}

export async function getCampaign(db: Database, id: number): Promise<Campaign> {
  const row = await db.query.campaigns.findFirst({ where: eq(campaigns.id, id) })
  if (!row) throw notFound('campaign_not_found', 'No campaign with this id')
  return row
}

export function listCampaigns(db: Database, limit: number, offset: number) {
  return db.query.campaigns.findMany({ orderBy: desc(campaigns.id), limit, offset })
}

export async function createCampaign(db: Database, input: CampaignInput, actor: string, now: Date): Promise<Campaign> {
  const v = values(input)
  const [rows] = await db.batch([
    db.insert(campaigns).values({ ...v, createdBy: actor, createdAt: now }).returning(),
    audit(db, { actor, action: 'campaign.created', target: `campaign-name:${input.name}`, detail: { status: v.status } }, now.getTime()),
  ])
  return rows[0]!
}

/** Edits a draft or scheduled campaign; 409 once it is sending or sent. */
export async function updateCampaign(db: Database, id: number, input: CampaignInput, actor: string, now: Date): Promise<Campaign> {
  const v = values(input)
  const [updated] = await db.batch([
    db.update(campaigns).set({ ...v, lastError: null }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
    audit(db, { actor, action: 'campaign.updated', target: `campaign:${id}`, detail: { status: v.status } }, now.getTime()),
  ])
  if (updated.length === 1) return updated[0]!
  await getCampaign(db, id)
  throw conflict('campaign_not_editable', 'This campaign is already sending or sent')
}

export async function cancelCampaign(db: Database, id: number, actor: string, now: Date): Promise<Campaign> {
  const [updated] = await db.batch([
    db.update(campaigns).set({ status: 'cancelled' }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
  ])
  if (updated.length !== 1) {
    await getCampaign(db, id)
    throw conflict('campaign_not_cancellable', 'Only drafts and scheduled campaigns can be cancelled')
  }
  await audit(db, { actor, action: 'campaign.cancelled', target: `campaign:${id}` }, now.getTime())
  return updated[0]!
}

/** Sends the campaign's message to one LINE user (the admin), through the outbox like everything else. */
export async function testSendCampaign(db: Database, campaign: Campaign, lineUserId: string, now: Date) {
  await enqueueMessage(db, { dedupeKey: `campaign:${campaign.id}:test:${crypto.randomUUID()}`, kind: 'campaign_test', lineUserId, messages: campaign.messages }, now)
}

export interface QuotaView {
  available: boolean
  /** null when unlimited. */
  limit: number | null
  used: number | null
}

/** This month's message quota and use; `available: false` when LINE cannot be reached. */
export async function messageQuota(deps: Pick<AppDeps, 'line'>): Promise<QuotaView> {
  try {
    const [quota, consumption] = await Promise.all([deps.line.messaging.getMessageQuota(), deps.line.messaging.getMessageQuotaConsumption()])
    return { available: true, limit: quota.type === 'limited' ? (quota.value ?? null) : null, used: consumption.totalUsage }
  } catch (err) {
    console.warn(`campaigns: quota unavailable (${err instanceof Error ? err.message : String(err)})`)
    return { available: false, limit: null, used: null }
  }
}

/** UUID v4 made by the database, for each delivery's X-Line-Retry-Key. */
const uuidSql = sql.raw(`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`)

/** Enqueues every recipient of a `sending` campaign (idempotent by dedupe key); returns the number of deliveries. */
export async function enqueueCampaign(db: Database, campaign: Campaign, now: Date): Promise<number> {
  const at = now.getTime()
  const segment = campaign.segment as Segment
  const messages = JSON.stringify(campaign.messages)
  const hash = await contentHash(campaign.messages)
  for (let after = 0; ; ) {
    const page = await recipientsPage(db, segment, now, after, pageSize)
    if (page.length === 0) break
    // The prefix is bound as text: D1 binds JS numbers as REAL, and 'x' || 1.0 would read "x1.0".
    await db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, content_hash, retry_key, status,
        attempts, next_attempt_at, campaign_id, created_at)
      SELECT ${`campaign:${campaign.id}:`} || m.id, 'campaign', la.line_user_id, ${messages}, ${hash}, ${uuidSql},
        'pending', 0, ${at}, ${campaign.id}, ${at}
      FROM members m JOIN line_accounts la ON la.member_id = m.id
      WHERE m.id IN (SELECT value FROM json_each(${JSON.stringify(page.map((r) => r.memberId))}))
      ON CONFLICT (dedupe_key) DO NOTHING`)
    if (page.length < pageSize) break
    after = page.at(-1)!.memberId
  }
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM deliveries WHERE campaign_id = ${campaign.id}`)
  const recipients = row?.n ?? 0
  await db.update(campaigns).set({ status: 'sent', sentAt: now, recipients }).where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'sending')))
  return recipients
}

/**
 * Moves a draft or due scheduled campaign to `sending` (one caller wins) after checking the month's quota.
 * Returns the claimed campaign; enqueueing is left to the caller (in the background for a request).
 */
export async function claimCampaign(deps: Pick<AppDeps, 'db' | 'line'>, id: number, actor: string, now: Date): Promise<Campaign> {
  const { db } = deps
  const campaign = await getCampaign(db, id)
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    throw conflict('campaign_not_sendable', `This campaign is ${campaign.status}`)
  }
  const recipients = await countRecipients(db, campaign.segment as Segment, now)
  if (recipients === 0) throw new ApiError(422, 'no_recipients', 'No member in this segment can receive LINE messages')
  const quota = await messageQuota(deps)
  if (quota.available && quota.limit !== null && quota.used !== null && quota.limit - quota.used < recipients) {
    const message = `This month's message quota has ${quota.limit - quota.used} messages left; the campaign needs ${recipients}`
    await db.update(campaigns).set({ lastError: message }).where(eq(campaigns.id, id))
    throw new ApiError(409, 'quota_exceeded', message, { remaining: quota.limit - quota.used, recipients })
  }
  const [claimed] = await db.batch([
    db.update(campaigns).set({ status: 'sending', lastError: null }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
    audit(db, { actor, action: 'campaign.sent', target: `campaign:${id}`, detail: { recipients, segment: campaign.segment } }, now.getTime()),
  ])
  if (claimed.length !== 1) throw conflict('campaign_not_sendable', 'This campaign is already being sent')
  return claimed[0]!
}

/** Frequent job: starts scheduled campaigns that are due, and resumes sends that stopped half-way. */
export async function dispatchDueCampaigns(deps: Pick<AppDeps, 'db' | 'line'>, now: Date): Promise<{ started: number; resumed: number }> {
  const { db } = deps
  let started = 0
  const due = await db.query.campaigns.findMany({ where: and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduledAt, now)), limit: 20 })
  for (const campaign of due) {
    try {
      await enqueueCampaign(db, await claimCampaign(deps, campaign.id, 'system:scheduler', now), now)
      started++
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      // Not sendable now (quota, empty segment): back to draft with the reason, for the admin to decide.
      await db.update(campaigns).set({ status: 'draft', lastError: err.message }).where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'scheduled')))
    }
  }
  const stuck = await db.query.campaigns.findMany({ where: eq(campaigns.status, 'sending'), limit: 20 })
  for (const campaign of stuck) await enqueueCampaign(db, campaign, now)
  return { started, resumed: stuck.length }
}

export interface CampaignProgress {
  recipients: number
  byStatus: Record<string, number>
  /** Why deliveries were skipped or failed, most common first. */
  reasons: { status: string; reason: string; count: number }[]
}

export async function campaignProgress(db: Database, id: number): Promise<CampaignProgress> {
  const [statuses, reasons] = await Promise.all([
    db.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ${id} GROUP BY status`),
    db.all<{ status: string; reason: string | null; n: number }>(sql`SELECT status, last_error AS reason, count(*) AS n FROM deliveries
      WHERE campaign_id = ${id} AND status IN ('failed', 'dead', 'skipped') GROUP BY status, last_error ORDER BY n DESC LIMIT 20`),
  ])
  const byStatus: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0, skipped: 0 }
  for (const s of statuses) byStatus[s.status] = s.n
  return {
    recipients: statuses.reduce((sum, s) => sum + s.n, 0),
    byStatus,
    reasons: reasons.map((r) => ({ status: r.status, reason: r.reason ?? '', count: r.n })),
  }
}
