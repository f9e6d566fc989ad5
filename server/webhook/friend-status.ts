// follow / unfollow: keep each LINE account's friend status, which decides whether messages go out.
import type { webhook } from '@line/bot-sdk'
import { lineAccounts } from '../../db/schema'
import type { AppDeps } from '../env'
import { replyGreeting } from './greeting'

async function setFriendStatus(deps: AppDeps, lineUserId: string, friendStatus: 'friend' | 'blocked', now: Date) {
  await deps.db
    .insert(lineAccounts)
    .values({ lineUserId, friendStatus })
    .onConflictDoUpdate({ target: lineAccounts.lineUserId, set: { friendStatus, updatedAt: now } })
}

/** Added as a friend, or unblocked (`follow.isUnblocked`): both make the account reachable again, and are greeted. */
export async function handleFollow(deps: AppDeps, event: webhook.FollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  await setFriendStatus(deps, event.source.userId, 'friend', now)
  await replyGreeting(deps, event, event.source.userId)
}

export async function handleUnfollow(deps: AppDeps, event: webhook.UnfollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  await setFriendStatus(deps, event.source.userId, 'blocked', now)
}
