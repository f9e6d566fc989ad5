// The member as the card and the staff scanner show them: number, name, rank (with its label) and balance.
import { z } from '@hono/zod-openapi'
import type { Member } from '../db/schema'
import { rankByKey, type RankTier } from './domain/ranks'

export const MemberSummary = z
  .object({
    memberNumber: z.string(),
    name: z.string(),
    rank: z.string(),
    rankLabel: z.string(),
    balance: z.number(),
  })
  .openapi('MemberSummary')

export function summarizeMember(
  member: Pick<Member, 'memberNumber' | 'name' | 'rank' | 'balance'>,
  tiers: readonly RankTier[],
): z.infer<typeof MemberSummary> {
  const rank = rankByKey(member.rank, tiers)
  return {
    memberNumber: member.memberNumber,
    name: member.name,
    rank: rank.key,
    rankLabel: rank.label,
    balance: member.balance,
  }
}
