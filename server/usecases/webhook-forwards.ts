// An admin managing where LINE webhook events are forwarded: the target list (each URL checked; saved with its audit
// entry in one batch) and putting a failed forward back in the queue (status and audit entry in one batch).
import type { WebhookForwardRow } from '../../db/schema'
import { updateForwardTargets } from '../data/forward-targets'
import { findForward, requeueForward } from '../data/webhook-forwards'
import { forwardTargetsRefusal } from '../domain/forward-target'
import { refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export async function setForwardTargets(
  ctx: UseCaseContext,
  input: { urls: readonly string[]; actor: string },
): Promise<{ ok: true } | Refusal> {
  const refused = forwardTargetsRefusal(input.urls, ctx.config.sandbox)
  if (refused) {
    const what = refused.url ? `${refused.url}: ` : ''
    return refuse(`forward_target_${refused.reason}`, `${what}this forward target is refused (${refused.reason})`, {
      url: refused.url,
    })
  }
  await updateForwardTargets(ctx.db, input.urls, input.actor, ctx.clock())
  return { ok: true }
}

/** A failed forward, pending again with fresh attempts (the caller sends it). */
export async function retryForward(
  ctx: UseCaseContext,
  input: { id: string; actor: string },
): Promise<{ ok: true; forward: WebhookForwardRow } | Refusal> {
  const requeued = await requeueForward(ctx.db, input.id, input.actor, ctx.clock())
  const forward = await findForward(ctx.db, input.id)
  if (!forward) return refuse('webhook_forward_not_found', 'No webhook forward with this id')
  if (!requeued) return refuse('webhook_forward_not_retryable', 'Only failed webhook forwards can be retried')
  return { ok: true, forward }
}
