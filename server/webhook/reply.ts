// Replies to a webhook event with its reply token (free, immediate, and not a planned message: no outbox).
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk'
import type { AppDeps } from '../env'

/**
 * A reply token is used once and expires about a minute after the event. When LINE refuses it (a retry after the
 * token expired, or after an attempt whose reply LINE accepted but whose answer was lost) nothing is sent instead:
 * a push could repeat an answer the customer already has, and a keyword answer minutes late helps nobody.
 */
function isSpentToken(err: unknown): boolean {
  return err instanceof HTTPFetchError && err.status === 400 && /invalid reply token/i.test(err.body)
}

export async function reply(
  deps: AppDeps,
  replyToken: string | undefined,
  messages: messagingApi.Message[],
): Promise<void> {
  if (!replyToken) return
  try {
    await deps.line.messaging.replyMessage({ replyToken, messages })
  } catch (err) {
    if (!isSpentToken(err)) throw err
    console.warn('webhook: the reply token was spent or expired; the answer was not sent')
  }
}

export const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value })
