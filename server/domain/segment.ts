// Campaign segments: which members a campaign is for, as a validated definition (the SQL is in data/segments.ts).
import { z } from 'zod'
import { memberLineStatuses } from './member-line-status'
import { singleLine } from './free-text'
import { TagName, TagValue } from './member-tag'
import { ChoiceValue, FieldKey } from './member-field-definition'

const days = z.number().int().min(1).max(3650)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')

/**
 * A condition on a custom member field (by its key): a choice is / includes any of `values`, a text answer equals
 * `value`, a date answer within `from`–`to` (either may be left open) or in one of `months`, or any answer at all.
 */
export const FieldFilterSchema = z
  .discriminatedUnion('op', [
    z.object({ key: FieldKey, op: z.literal('any_of'), values: z.array(ChoiceValue).min(1).max(30) }).strict(),
    z.object({ key: FieldKey, op: z.literal('equals'), value: singleLine(z.string().trim().min(1).max(100)) }).strict(),
    z
      .object({ key: FieldKey, op: z.literal('date_between'), from: date.optional(), to: date.optional() })
      .strict()
      .refine((f) => f.from !== undefined || f.to !== undefined, 'from or to'),
    z
      .object({
        key: FieldKey,
        op: z.literal('month_in'),
        months: z.array(z.number().int().min(1).max(12)).min(1).max(12),
      })
      .strict(),
    z.object({ key: FieldKey, op: z.literal('answered') }).strict(),
  ])
  .meta({ id: 'SegmentFieldFilter' })
export type FieldFilter = z.infer<typeof FieldFilterSchema>

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
    /** Custom member fields: every condition must hold (a key no field has matches nobody). */
    fields: z.array(FieldFilterSchema).max(10).optional(),
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
