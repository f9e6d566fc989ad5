// Editing a segment as the builder does: each rule a pure step from one segment to the next (blank rules left out,
// so the request and the recipient count see only what the admin chose).

import type { LineStatus, Segment } from '../api'

export type ListRule = 'ranks' | 'birthdayMonths' | 'prefectures' | 'storeIds' | 'lineStatuses'
export type DaysRule = 'visitedWithinDays' | 'notVisitedForDays' | 'pointsExpiringWithinDays'

export const lineStatuses: readonly LineStatus[] = ['friend', 'unknown', 'blocked', 'none']

/** Whether `value` is chosen in a list rule. */
export const isChosen = (segment: Segment, rule: ListRule, value: unknown): boolean =>
  ((segment[rule] ?? []) as unknown[]).includes(value)

/** The segment with `value` chosen in a list rule, or no longer chosen if it was; an empty list drops the rule. */
export function toggleChoice<K extends ListRule>(segment: Segment, rule: K, value: NonNullable<Segment[K]>[number]) {
  const current = (segment[rule] ?? []) as unknown[]
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value]
  return { ...segment, [rule]: next.length ? next : undefined } as Segment
}

/** The segment with a day-count rule as typed: a whole number of at least 1, else the rule is dropped. */
export function withDays(segment: Segment, rule: DaysRule, typed: string): Segment {
  const n = Number(typed)
  return { ...segment, [rule]: typed === '' || !Number.isInteger(n) || n < 1 ? undefined : n }
}

/** The tags rule as the admin types it: `vip, category=coffee` (a name alone: any value). */
export const tagsText = (segment: Segment): string =>
  (segment.tags ?? []).map((g) => (g.value === undefined ? g.name : `${g.name}=${g.value}`)).join(', ')

/** The segment with the typed tags rule; blank entries are left out, and no entries drop the rule. */
export function withTags(segment: Segment, typed: string): Segment {
  const tags = typed
    .split(/[,、]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=')
      return at < 0 ? { name: part } : { name: part.slice(0, at).trim(), value: part.slice(at + 1).trim() }
    })
  return { ...segment, tags: tags.length ? tags : undefined }
}
