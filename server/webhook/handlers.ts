// Webhook event handlers by event type. Types without a handler are acknowledged and ignored.
import type { webhook } from '@line/bot-sdk'
import type { AppDeps } from '../env'
import { handleAccountLink } from './account-link'
import { handleFollow, handleUnfollow } from './friend-status'
import { handleMessage } from './message'
import { handlePostback } from './postback'

export type EventHandler<E extends webhook.Event = webhook.Event> = (
  deps: AppDeps,
  event: E,
  now: Date,
) => Promise<void>

type HandlerTable = { [T in webhook.Event['type']]?: EventHandler<Extract<webhook.Event, { type: T }>> }

export const eventHandlers: HandlerTable = {
  follow: handleFollow,
  unfollow: handleUnfollow,
  accountLink: handleAccountLink,
  message: handleMessage,
  postback: handlePostback,
}
