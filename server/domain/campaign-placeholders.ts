// Placeholders in campaign content ({name}, {points}, ...): which exist, which a content uses, and a member's values.
import type { CampaignContent } from './campaign-content'
import { fillTemplate } from '../messages/format'
import { rankByKey, type RankTier } from './ranks'
import { formatZoned, longDate } from './time-format'

export const campaignPlaceholders = ['name', 'points', 'rank', 'expiringPoints', 'expiryDate', 'date'] as const
export type CampaignPlaceholder = (typeof campaignPlaceholders)[number]

/** Fields whose text may hold placeholders (URLs, codes and dates are taken literally). */
const textFields = ['text', 'title', 'description', 'body', 'buttonLabel'] as const
const pattern = /\{(\w+)\}/g

/** Every `{word}` the content's text fields use, each once, in order of appearance. */
export function placeholdersIn(content: CampaignContent): string[] {
  const found = new Set<string>()
  const fields = content as Partial<Record<(typeof textFields)[number], string>>
  for (const field of textFields) for (const m of (fields[field] ?? '').matchAll(pattern)) found.add(m[1]!)
  return [...found]
}

export const unknownPlaceholders = (content: CampaignContent) =>
  placeholdersIn(content).filter((name) => !(campaignPlaceholders as readonly string[]).includes(name))

/** Content with placeholders differs per member: it goes out as one push each instead of a multicast. */
export const isPersonalised = (content: CampaignContent) => placeholdersIn(content).length > 0

/** What the product knows of a member for placeholders. */
export interface MemberFacts {
  name: string
  balance: number
  rank: string
  /** Points of lots expiring within the card's window, and the first of those expiries. */
  expiringPoints: number
  expiringAt: Date | null
}

export interface PlaceholderContext {
  ranks: readonly RankTier[]
  timeZone: string
  now: Date
  locale?: 'ja' | 'en'
}

const formatDay = (at: Date, timeZone: string, locale: 'ja' | 'en') => formatZoned(at, timeZone, locale, longDate)

/** Control characters would break a line of text; the rest of a member's name is shown as written. */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const plain = (value: string) => value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()

/** A member's placeholder values, as text for a LINE message. */
export function placeholderValues(member: MemberFacts, ctx: PlaceholderContext): Record<CampaignPlaceholder, string> {
  const locale = ctx.locale ?? 'ja'
  const number = (n: number) => n.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US')
  return {
    name: plain(member.name),
    points: number(member.balance),
    rank: plain(rankByKey(member.rank, ctx.ranks).label),
    expiringPoints: number(member.expiringPoints),
    expiryDate: member.expiringAt ? formatDay(member.expiringAt, ctx.timeZone, locale) : '—',
    date: formatDay(ctx.now, ctx.timeZone, locale),
  }
}

/** The content with each placeholder of its text fields replaced, in one pass (a value is never expanded again). */
export function personalise(content: CampaignContent, values: Record<string, string>): CampaignContent {
  const out: Record<string, unknown> = { ...content }
  for (const field of textFields) {
    const value = out[field]
    if (typeof value === 'string') out[field] = fillTemplate(value, values)
  }
  return out as CampaignContent
}
