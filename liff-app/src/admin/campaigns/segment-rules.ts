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

/** A condition on a custom member field (server/domain/segment.ts `FieldFilterSchema`). */
export type FieldFilter = NonNullable<Segment['fields']>[number]
type FieldOp = FieldFilter['op']

/** The segment's condition of `op` on the field `key`, if it has one. */
export const fieldFilterOf = <Op extends FieldOp>(segment: Segment, key: string, op: Op) =>
  segment.fields?.find((f) => f.key === key && f.op === op) as Extract<FieldFilter, { op: Op }> | undefined

/** The segment with its `op` condition on `key` replaced by `filter` (none: dropped; no conditions drop the rule). */
export function withFieldFilter(segment: Segment, key: string, op: FieldOp, filter?: FieldFilter): Segment {
  const rest = (segment.fields ?? []).filter((f) => !(f.key === key && f.op === op))
  const fields = filter ? [...rest, filter] : rest
  return { ...segment, fields: fields.length ? fields : undefined }
}

/** A choice field's option chosen, or no longer chosen ("is / includes any of"). */
export function toggleFieldChoice(segment: Segment, key: string, value: string): Segment {
  const values = fieldFilterOf(segment, key, 'any_of')?.values ?? []
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value]
  return withFieldFilter(segment, key, 'any_of', next.length ? { key, op: 'any_of', values: next } : undefined)
}

/** A text field's answer as typed ("equals"); blank drops it. */
export const withFieldText = (segment: Segment, key: string, typed: string) =>
  withFieldFilter(segment, key, 'equals', typed.trim() ? { key, op: 'equals', value: typed.trim() } : undefined)

/** A date field's range (either end may be blank; both blank drop it). */
export function withFieldDates(segment: Segment, key: string, from: string, to: string): Segment {
  if (!from && !to) return withFieldFilter(segment, key, 'date_between')
  return withFieldFilter(segment, key, 'date_between', {
    key,
    op: 'date_between',
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  })
}

/** A date field's month chosen, or no longer chosen (like the birthday months). */
export function toggleFieldMonth(segment: Segment, key: string, month: number): Segment {
  const months = fieldFilterOf(segment, key, 'month_in')?.months ?? []
  const next = months.includes(month) ? months.filter((m) => m !== month) : [...months, month]
  return withFieldFilter(segment, key, 'month_in', next.length ? { key, op: 'month_in', months: next } : undefined)
}
