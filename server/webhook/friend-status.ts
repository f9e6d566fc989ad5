// follow / unfollow: keep each LINE account's friend status, which decides whether messages go out.
import type { webhook } from '@line/bot-sdk'
import { sql } from 'drizzle-orm'
import { lineAccounts } from '../../db/schema'
import { recordEvent, type DomainEventKind } from '../data/domain-events'
import type { AppDeps } from '../env'
import { replyGreeting } from './greeting'

/** The account's friend status and the domain event saying so, in one batch (the member: whoever holds the account). */
async function changeFriendStatus(
  deps: AppDeps,
  lineUserId: string,
  friendStatus: 'friend' | 'blocked',
  event: { kind: DomainEventKind; payload: Record<string, unknown> },
  now: Date,
) {
  const member = sql`(SELECT member_id FROM line_accounts WHERE line_user_id = ${lineUserId})`
  await deps.db.batch([
    deps.db
      .insert(lineAccounts)
      .values({ lineUserId, friendStatus })
      .onConflictDoUpdate({ target: lineAccounts.lineUserId, set: { friendStatus, updatedAt: now } }),
    recordEvent(deps.db, event.kind, member, event.payload, now),
  ])
}

/** Added as a friend, or unblocked (`follow.isUnblocked`): both make the account reachable again, and are greeted. */
export async function handleFollow(deps: AppDeps, event: webhook.FollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const lineUserId = event.source.userId
  const payload = { lineUserId, unblocked: event.follow.isUnblocked }
  await changeFriendStatus(deps, lineUserId, 'friend', { kind: 'friend.added', payload }, now)
  await replyGreeting(deps, event, lineUserId)
}

export async function handleUnfollow(deps: AppDeps, event: webhook.UnfollowEvent, now: Date) {
  if (event.source?.type !== 'user' || !event.source.userId) return
  const lineUserId = event.source.userId
  await changeFriendStatus(deps, lineUserId, 'blocked', { kind: 'member.unfollowed', payload: { lineUserId } }, now)
}
