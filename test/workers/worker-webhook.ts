// LINE's side of the Worker under test: signed webhook POSTs and the cron trigger, each waited on until the work the
// Worker left running after its answer (waitUntil) is done.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { sandboxChannel } from '../../server/config'
import { signBody, ulid } from '../../server/sandbox/webhook-sender'
import worker from '../../server/worker'

/** POSTs `body` to the Worker's LINE webhook, signed with the sandbox channel's secret unless `signature` is given. */
export async function deliverWebhook(body: string, signature = signBody(sandboxChannel.channelSecret, body)) {
  const ctx = createExecutionContext()
  const request = new Request('https://tsunagu.test/webhook/line', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
    body,
  })
  const res = await worker.fetch(request as never, env, ctx)
  await waitOnExecutionContext(ctx)
  return res.status
}

/** Runs the Worker's 5-minute cron trigger as if fired at `at`. */
export async function runCronAt(at: Date): Promise<void> {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '*/5 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

/** The sandbox bot's user id: what LINE puts in a webhook body's `destination`. */
export async function sandboxBotUserId(): Promise<string> {
  const res = await fetch(`${String(env.LINE_SANDBOX_URL)}/v2/bot/info`, {
    headers: { authorization: `Bearer ${sandboxChannel.channelAccessToken}` },
  })
  return ((await res.json()) as { userId: string }).userId
}

/** The fields of every LINE webhook event from `userId`, with a fresh event id and the time now. */
export function eventFrom(userId: string) {
  return {
    mode: 'active',
    timestamp: Date.now(),
    webhookEventId: ulid(Date.now()),
    deliveryContext: { isRedelivery: false },
    source: { type: 'user', userId },
  }
}
