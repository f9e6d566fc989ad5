// Replies to a webhook event with its reply token (free, immediate, and not a planned message: no outbox).
import type { messagingApi } from '@line/bot-sdk'
import type { AppDeps } from '../env'

export async function reply(
  deps: AppDeps,
  replyToken: string | undefined,
  messages: messagingApi.Message[],
): Promise<void> {
  if (!replyToken) return
  await deps.line.messaging.replyMessage({ replyToken, messages })
}

export const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value })
