// Who may receive what: blocked users, unlinked accounts and opt-outs are skipped at send time (not only when
// planned), because a customer can block the account or opt out between the two.
import { eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, members, type Delivery } from '../../db/schema'

/** What a kind of message needs from its recipient; kinds not listed only need to not have blocked us. */
const needs: Record<string, { member?: true; pointNotices?: true; marketing?: true }> = {
  reservation: { member: true },
  receipt: { member: true },
  rank: { member: true },
  points_expiring: { member: true, pointNotices: true },
  balance_notice: { member: true, pointNotices: true },
  campaign: { member: true, marketing: true },
  cart_reminder: { member: true, marketing: true },
  item_alert: { member: true, marketing: true },
  birthday: { member: true, marketing: true },
}

export interface Recipient {
  lineUserId: string
  friendStatus: string
  memberActive: boolean
  pointNotices: boolean
  marketingOptIn: boolean
}

/** The reason a delivery must be skipped, or null to send it. */
export function skipReason(delivery: Pick<Delivery, 'kind'>, recipient: Recipient | undefined): string | null {
  const need = needs[delivery.kind] ?? needs[delivery.kind.split(':')[0]!] ?? {}
  if (recipient?.friendStatus === 'blocked') return 'blocked: the user has blocked the account'
  if (need.member && !recipient?.memberActive) return 'unlinked: the LINE account is not linked to an active membership'
  if (need.pointNotices && !recipient?.pointNotices) return 'opted out of point notices'
  if (need.marketing && !recipient?.marketingOptIn) return 'not opted in to marketing messages'
  return null
}

export async function loadRecipients(db: Database, lineUserIds: readonly string[]): Promise<Map<string, Recipient>> {
  if (lineUserIds.length === 0) return new Map()
  const rows = await db
    .select({
      lineUserId: lineAccounts.lineUserId,
      friendStatus: lineAccounts.friendStatus,
      memberStatus: members.status,
      pointNotices: members.pointNotices,
      marketingOptIn: members.marketingOptIn,
    })
    .from(lineAccounts)
    .leftJoin(members, eq(members.id, lineAccounts.memberId))
    .where(
      inArray(
        lineAccounts.lineUserId,
        sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(lineUserIds)])}))`,
      ),
    )
  return new Map(
    rows.map((r) => [
      r.lineUserId,
      {
        lineUserId: r.lineUserId,
        friendStatus: r.friendStatus,
        memberActive: r.memberStatus === 'active',
        pointNotices: r.pointNotices ?? false,
        marketingOptIn: r.marketingOptIn ?? false,
      },
    ]),
  )
}
