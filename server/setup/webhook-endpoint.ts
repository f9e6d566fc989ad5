// Setup step: the Messaging API channel's webhook URL set to the server's, then LINE's own webhook test of it.
import type { messagingApi } from '@line/bot-sdk'
import { askLine, SetupError } from './setup-error'

export interface WebhookResult {
  changes: string[]
  /** What LINE's test answered, e.g. `200 OK`. */
  tested: string
}

/** Sets the webhook URL when it differs, then has LINE send its test event; a failed test stops the setup. */
export async function ensureWebhookEndpoint(
  client: messagingApi.MessagingApiClient,
  endpoint: string,
): Promise<WebhookResult> {
  const hint = 'Check LINE_CHANNEL_ACCESS_TOKEN (LINE Developers console → the Messaging API channel)'
  const current = await askLine('read the webhook URL', () => client.getWebhookEndpoint(), hint)
  const changes: string[] = []
  if (current.endpoint !== endpoint) {
    await askLine('set the webhook URL', () => client.setWebhookEndpoint({ endpoint }), hint)
    changes.push(`webhook URL ${current.endpoint || '(none)'} → ${endpoint}`)
  }
  if (!current.active) changes.push('webhook is off: turn on "Use webhook" in the LINE Official Account Manager')
  const test = await askLine('test the webhook', () => client.testWebhookEndpoint({ endpoint }), hint)
  if (!test.success) {
    throw new SetupError(
      `LINE's webhook test of ${endpoint} failed: ${test.statusCode} ${test.reason} (${test.detail}). Is the server deployed and reachable, and LINE_CHANNEL_SECRET the Messaging API channel's secret?`,
    )
  }
  return { changes, tested: `${test.statusCode} ${test.reason}` }
}

/**
 * `WEBHOOK_OWNER=other`: another tool owns the webhook URL, so the step reads it and reports, changing and testing
 * nothing (a test would send LINE's test event to that tool).
 */
export async function reportWebhookOwnedElsewhere(
  client: messagingApi.MessagingApiClient,
  endpoint: string,
): Promise<{ changes: string[]; notes: string[] }> {
  const hint = 'Check LINE_CHANNEL_ACCESS_TOKEN (LINE Developers console → the Messaging API channel)'
  const current = await askLine('read the webhook URL', () => client.getWebhookEndpoint(), hint)
  const notes = [
    `WEBHOOK_OWNER=other: the webhook URL is left as it is (${current.endpoint || 'none'}); Tsunagu gets events only if that tool forwards them, unchanged and signed, to ${endpoint}`,
  ]
  if (current.endpoint === endpoint)
    notes.push('the webhook URL is Tsunagu’s own: with Tsunagu as the owner, unset WEBHOOK_OWNER (see README)')
  return { changes: [], notes }
}
