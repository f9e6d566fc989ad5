// Campaign segments: which members a campaign is for, as a validated definition (the SQL is in data/segments.ts).
import { z } from 'zod'
import { memberLineStatuses } from './member-line-status'
import { singleLine } from './free-text'
import { TagName, TagValue } from './member-tag'

const days = z.number().int().min(1).max(3650)

export const SegmentSchema = z
  .object({
    /** Rank keys (from the shop's rank settings). */
    ranks: z
      .array(singleLine(z.string().min(1).max(31)))
      .max(20)
      .optional(),
    /** Birthday months, 1–12. */
    birthdayMonths: z.array(z.number().int().min(1).max(12)).max(12).optional(),
    prefectures: z
      .array(singleLine(z.string().min(1).max(10)))
      .max(47)
      .optional(),
    /** Home store ids. */
    storeIds: z.array(z.number().int().positive()).max(200).optional(),
    /** Earned or redeemed points within the last N days. */
    visitedWithinDays: days.optional(),
    /** No visit in the last N days (or never). */
    notVisitedForDays: days.optional(),
    /** Holds points that expire within the next N days. */
    pointsExpiringWithinDays: z.number().int().min(1).max(365).optional(),
    /** LINE link and friend status: `none` = not linked; `friend`, `blocked`, `unknown` = linked with that status. */
    lineStatuses: z.array(z.enum(memberLineStatuses)).max(4).optional(),
    /** Tags the shop's systems set (`member_tags`): every one must be held; with `value`, with exactly that value. */
    tags: z
      .array(z.object({ name: TagName, value: TagValue.optional() }).strict())
      .max(10)
      .optional(),
  })
  .strict()
  .meta({ id: 'Segment' })

export type Segment = z.infer<typeof SegmentSchema>

/** The LINE statuses a campaign can reach (linked, not blocked). */
export const reachableLineStatuses = ['friend', 'unknown'] as const

/** Drops empty lists (an empty list means "any"), so stored definitions are canonical. */
export function normalizeSegment(segment: Segment): Segment {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(segment)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue
    out[key] = Array.isArray(value) ? [...new Set<unknown>(value)] : value
  }
  return out as Segment
}
