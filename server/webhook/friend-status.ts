// follow / unfollow: keep each LINE account's friend status, which decides whether messages go out.
import type { webhook } from '@line/bot-sdk'
import { sql } from 'drizzle-orm'
import { lineAccounts } from '../../db/schema'
import { recordEvent } from '../data/domain-events'
import type { AppDeps } from '../env'
import { replyGreeting } from './greeting'

function setFriendStatus(deps: AppDeps, lineUserId: string, friendStatus: 'friend' | 'blocked', now: Date) {
  return deps.db
    .insert(lineAccounts)
    .values({ lineUserId, friendStatus })
    .onConflictDoUpdate({ target: lineAccounts.lineUserId, set: { friendStatus, updatedAt: now } })
}

/** Added as a friend, or unblocked (`follow.isUnblocked`): both make the account reachable again, and are greeted. */
export async function handleFollow(deps: AppDeps, event: webhook.FollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const lineUserId = event.source.userId
  const member = sql`(SELECT member_id FROM line_accounts WHERE line_user_id = ${lineUserId})`
  await deps.db.batch([
    setFriendStatus(deps, lineUserId, 'friend', now),
    recordEvent(deps.db, 'friend.added', member, { lineUserId, unblocked: event.follow.isUnblocked }, now),
  ])
  await replyGreeting(deps, event, lineUserId)
}

export async function handleUnfollow(deps: AppDeps, event: webhook.UnfollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const lineUserId = event.source.userId
  const member = sql`(SELECT member_id FROM line_accounts WHERE line_user_id = ${lineUserId})`
  await deps.db.batch([
    setFriendStatus(deps, lineUserId, 'blocked', now),
    recordEvent(deps.db, 'member.unfollowed', member, { lineUserId }, now),
  ])
}
