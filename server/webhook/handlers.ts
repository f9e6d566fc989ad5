// Webhook event handlers by event type. Types without a handler are stored and marked done.
import type { webhook } from '@line/bot-sdk'
import type { AppDeps } from '../env'
import { handleAccountLink } from './account-link'
import { handleFollow, handleUnfollow } from './friend-status'
import { handleMessage } from './message'
import { handlePostback } from './postback'

/**
 * Runs once per attempt until it succeeds, so it must be idempotent: a retry after a partial effect must not repeat
 * it. `receivedAt` is when the event was stored (what time limits such as a nonce's are judged by).
 */
export type EventHandler<E extends webhook.Event = webhook.Event> = (
  deps: AppDeps,
  event: E,
  now: Date,
  receivedAt: Date,
) => Promise<void>

type HandlerTable = { [T in webhook.Event['type']]?: EventHandler<Extract<webhook.Event, { type: T }>> }

export const eventHandlers: HandlerTable = {
  follow: handleFollow,
  unfollow: handleUnfollow,
  accountLink: handleAccountLink,
  message: handleMessage,
  postback: handlePostback,
}
