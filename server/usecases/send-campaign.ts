// Sending a campaign now: checked against the month's quota, claimed (status `sending` with its audit entries, in
// one batch, one caller wins), then its deliveries queued in the background; the frequent job resumes a stopped send.
import type { Campaign } from '../../db/schema'
import { campaignSendContext, enqueueCampaign, type CampaignSendContext } from '../data/campaign-enqueue'
import { claimCampaign } from '../data/campaigns'
import type { Refusal } from '../domain/refusal'
import type { Background } from '../env'
import type { LineUseCaseContext } from './context'

export interface SendCampaignInput {
  campaignId: number
  /** `admin:<staffId>`. */
  actor: string
  /** Send inside quiet hours (an urgent notice), for this reason. */
  quietHoursOverride: string | null
}

export interface CampaignSending {
  ok: true
  campaign: Campaign
  sendContext: CampaignSendContext
}

export async function sendCampaign(
  ctx: LineUseCaseContext & { background: Background },
  input: SendCampaignInput,
): Promise<CampaignSending | Refusal> {
  const now = ctx.clock()
  const claimed = await claimCampaign(ctx, input.campaignId, input.actor, now, input.quietHoursOverride)
  if (!('id' in claimed)) return claimed
  const sendContext = await campaignSendContext(ctx)
  // Queueing a large segment takes a while: answer now; the console polls progress. A crash is resumed by the job.
  ctx.background(enqueueCampaign(ctx.db, claimed, sendContext, now))
  return { ok: true, campaign: claimed, sendContext }
}
