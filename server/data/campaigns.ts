// Campaigns: drafts, schedules and sends. A send enqueues one outbox delivery per recipient (campaign-enqueue.ts);
// nothing here talks to LINE except the quota check. Enqueueing is paged and idempotent, so a crashed send is simply
// resumed by the next job run.
import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { campaigns, type Campaign } from '../../db/schema'
import { campaignMessages, type CampaignContent } from '../domain/campaign-content'
import { campaignPlaceholders, unknownPlaceholders } from '../domain/campaign-placeholders'
import { normalizeSegment, type Segment } from '../domain/segment'
import type { AppDeps } from '../env'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import { audit, auditWhen } from './audit'
import { campaignSendContext, enqueueCampaign, memberMessages } from './campaign-enqueue'
import { memberFacts } from './member-facts'
import { enqueueMessage } from './outbox'
import { countRecipients } from './segments'

export interface CampaignInput {
  name: string
  segment: Segment
  content: CampaignContent
  /** Send at this time (status `scheduled`); null keeps a draft. */
  scheduledAt: Date | null
}

/** Content whose placeholders are all known; else `unknown_placeholder` naming the others. */
export function checkPlaceholders(content: CampaignContent): Refusal | null {
  const unknown = unknownPlaceholders(content)
  if (unknown.length > 0) {
    const names = unknown.map((n) => `{${n}}`).join(', ')
    const known = campaignPlaceholders.map((n) => `{${n}}`).join(', ')
    return refuse('unknown_placeholder', `Unknown placeholder ${names}; use ${known}`, { unknown, known: campaignPlaceholders })
  }
  return null
}

/**
 * A schedule must be ahead: a time already past would send to the whole segment at the next job run, without the
 * confirmation "send now" asks for. 422 `schedule_in_past`.
 */
function checkSchedule(scheduledAt: Date | null, now: Date): Refusal | null {
  if (scheduledAt && scheduledAt.getTime() < now.getTime()) {
    return refuse('schedule_in_past', 'The scheduled time has passed; choose a later time or send now', {
      scheduledAt: scheduledAt.toISOString(),
      now: now.toISOString(),
    })
  }
  return null
}

function values(input: CampaignInput, now: Date) {
  const refused = checkPlaceholders(input.content) ?? checkSchedule(input.scheduledAt, now)
  if (refused) return refused
  return {
    name: input.name,
    segment: normalizeSegment(input.segment) as Record<string, unknown>,
    content: input.content as Record<string, unknown>,
    messages: campaignMessages(input.content),
    scheduledAt: input.scheduledAt,
    status: input.scheduledAt ? ('scheduled' as const) : ('draft' as const),
  }
}

export async function getCampaign(db: Database, id: number): Promise<Campaign | Refusal> {
  const row = await db.query.campaigns.findFirst({ where: eq(campaigns.id, id) })
  return row ?? refuse('campaign_not_found', 'No campaign with this id')
}

export function listCampaigns(db: Database, limit: number, offset: number) {
  return db.query.campaigns.findMany({ orderBy: desc(campaigns.id), limit, offset })
}

export async function createCampaign(db: Database, input: CampaignInput, actor: string, now: Date): Promise<Campaign | Refusal> {
  const v = values(input, now)
  if (isRefusal(v)) return v
  const [rows] = await db.batch([
    db.insert(campaigns).values({ ...v, createdBy: actor, createdAt: now }).returning(),
    audit(db, { actor, action: 'campaign.created', target: `campaign-name:${input.name}`, detail: { status: v.status } }, now.getTime()),
  ])
  return rows[0]!
}

/** Edits a draft or scheduled campaign; refused once it is sending or sent. */
export async function updateCampaign(db: Database, id: number, input: CampaignInput, actor: string, now: Date): Promise<Campaign | Refusal> {
  const v = values(input, now)
  if (isRefusal(v)) return v
  const [updated] = await db.batch([
    db.update(campaigns).set({ ...v, lastError: null }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
    audit(db, { actor, action: 'campaign.updated', target: `campaign:${id}`, detail: { status: v.status } }, now.getTime()),
  ])
  if (updated.length === 1) return updated[0]!
  const found = await getCampaign(db, id)
  return isRefusal(found) ? found : refuse('campaign_not_editable', 'This campaign is already sending or sent')
}

/** Cancels a draft or scheduled campaign with its audit entry, in one batch. */
export async function cancelCampaign(db: Database, id: number, actor: string, now: Date): Promise<Campaign | Refusal> {
  const [, updated] = await db.batch([
    // Before the update, under the same condition: written exactly when this batch cancels the campaign.
    auditWhen(db, { actor, action: 'campaign.cancelled', target: `campaign:${id}` }, now.getTime(),
      sql`EXISTS (SELECT 1 FROM campaigns WHERE id = ${id} AND status IN ('draft', 'scheduled'))`),
    db.update(campaigns).set({ status: 'cancelled' }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
  ])
  if (updated.length === 1) return updated[0]!
  const found = await getCampaign(db, id)
  return isRefusal(found) ? found : refuse('campaign_not_cancellable', 'Only drafts and scheduled campaigns can be cancelled')
}

/** The messages `memberId` would receive for `content` (placeholders filled with their values); refused for no such member. */
export async function messagesForMember(deps: Pick<AppDeps, 'db' | 'config'>, content: CampaignContent, memberId: number, now: Date) {
  const [member] = await memberFacts(deps.db, [memberId], now)
  if (!member) return refuse('member_not_found', `No member ${memberId}`)
  return memberMessages(content, member, await campaignSendContext(deps), now)
}

/**
 * Sends the campaign's message to one LINE user (the admin), through the outbox like everything else; rendered for
 * `memberId` when given (the member the editor previews), else with its placeholders as written.
 */
export async function testSendCampaign(deps: Pick<AppDeps, 'db' | 'config'>, campaign: Campaign, lineUserId: string, now: Date, memberId?: number): Promise<Refusal | null> {
  const content = campaign.content as CampaignContent | null
  const messages = content && memberId ? await messagesForMember(deps, content, memberId, now) : campaign.messages
  if (isRefusal(messages)) return messages
  await enqueueMessage(deps.db, { dedupeKey: `campaign:${campaign.id}:test:${crypto.randomUUID()}`, kind: 'campaign_test', lineUserId, messages }, now)
  return null
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

/**
 * Moves a draft or due scheduled campaign to `sending` (one caller wins) after checking the month's quota.
 * Returns the claimed campaign; enqueueing is left to the caller (in the background for a request).
 */
export async function claimCampaign(
  deps: Pick<AppDeps, 'db' | 'line'>,
  id: number,
  actor: string,
  now: Date,
  /** Send inside quiet hours (an urgent notice), for this reason; audited as `campaign.quiet_hours_overridden`. */
  quietHoursOverride: string | null = null,
): Promise<Campaign | Refusal> {
  const { db } = deps
  const campaign = await getCampaign(db, id)
  if (isRefusal(campaign)) return campaign
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    return refuse('campaign_not_sendable', `This campaign is ${campaign.status}`)
  }
  const recipients = await countRecipients(db, campaign.segment as Segment, now)
  if (recipients === 0) return refuse('no_recipients', 'No member in this segment can receive LINE messages')
  const quota = await messageQuota(deps)
  if (quota.available && quota.limit !== null && quota.used !== null && quota.limit - quota.used < recipients) {
    const message = `This month's message quota has ${quota.limit - quota.used} messages left; the campaign needs ${recipients}`
    await db.update(campaigns).set({ lastError: message }).where(eq(campaigns.id, id))
    return refuse('quota_exceeded', message, { remaining: quota.limit - quota.used, recipients })
  }
  const target = `campaign:${id}`
  const [claimed] = await db.batch([
    db.update(campaigns).set({ status: 'sending', lastError: null, quietHoursOverride }).where(and(eq(campaigns.id, id), inArray(campaigns.status, ['draft', 'scheduled']))).returning(),
    audit(db, { actor, action: 'campaign.sent', target, detail: { recipients, segment: campaign.segment } }, now.getTime()),
    ...(quietHoursOverride
      ? [
          auditWhen(
            db,
            { actor, action: 'campaign.quiet_hours_overridden', target, detail: { reason: quietHoursOverride, recipients } },
            now.getTime(),
            sql`EXISTS (SELECT 1 FROM campaigns WHERE id = ${id} AND status = 'sending' AND quiet_hours_override = ${quietHoursOverride})`,
          ),
        ]
      : []),
  ])
  if (claimed.length !== 1) return refuse('campaign_not_sendable', 'This campaign is already being sent')
  return claimed[0]!
}

/** Frequent job: starts scheduled campaigns that are due, and resumes sends that stopped half-way. */
export async function dispatchDueCampaigns(deps: Pick<AppDeps, 'db' | 'line' | 'config'>, now: Date): Promise<{ started: number; resumed: number }> {
  const { db } = deps
  const ctx = await campaignSendContext(deps)
  let started = 0
  const due = await db.query.campaigns.findMany({ where: and(eq(campaigns.status, 'scheduled'), lte(campaigns.scheduledAt, now)), limit: 20 })
  for (const campaign of due) {
    const claimed = await claimCampaign(deps, campaign.id, 'system:scheduler', now)
    if (isRefusal(claimed)) {
      // Not sendable now (quota, empty segment): back to draft with the reason, for the admin to decide.
      await db.update(campaigns).set({ status: 'draft', lastError: claimed.message }).where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, 'scheduled')))
      continue
    }
    await enqueueCampaign(db, claimed, ctx, now)
    started++
  }
  const stuck = await db.query.campaigns.findMany({ where: eq(campaigns.status, 'sending'), limit: 20 })
  for (const campaign of stuck) await enqueueCampaign(db, campaign, ctx, now)
  return { started, resumed: stuck.length }
}

export interface CampaignProgress {
  recipients: number
  byStatus: Record<string, number>
  /** Why deliveries were skipped or failed, most common first. */
  reasons: { status: string; reason: string; count: number }[]
  /** When the earliest pending delivery may go out (later than now while quiet hours hold the campaign). */
  nextAttemptAt: Date | null
}

export async function campaignProgress(db: Database, id: number): Promise<CampaignProgress> {
  const [statuses, reasons, next] = await Promise.all([
    db.all<{ status: string; n: number }>(sql`SELECT status, count(*) AS n FROM deliveries WHERE campaign_id = ${id} GROUP BY status`),
    db.all<{ status: string; reason: string | null; n: number }>(sql`SELECT status, last_error AS reason, count(*) AS n FROM deliveries
      WHERE campaign_id = ${id} AND status IN ('failed', 'dead', 'skipped') GROUP BY status, last_error ORDER BY n DESC LIMIT 20`),
    db.all<{ at: number | null }>(sql`SELECT min(next_attempt_at) AS at FROM deliveries WHERE campaign_id = ${id} AND status = 'pending'`),
  ])
  const byStatus: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, dead: 0, skipped: 0 }
  for (const s of statuses) byStatus[s.status] = s.n
  return {
    recipients: statuses.reduce((sum, s) => sum + s.n, 0),
    byStatus,
    reasons: reasons.map((r) => ({ status: r.status, reason: r.reason ?? '', count: r.n })),
    nextAttemptAt: next[0]?.at == null ? null : new Date(Number(next[0].at)),
  }
}
