// The campaign editor's form state and its requests: fields ↔ content, the save body, the schedule, the report.
// Pure (no Vue, no fetch): the page holds refs of these shapes and calls these functions; tested on their own.

import type { Campaign, CampaignContent, CampaignProgress, Segment } from '../api'
import { dateTime, localDay, zonedInstant } from '../format'

export type Template = CampaignContent['template']
export const templates: readonly Template[] = ['text', 'coupon', 'news', 'points']

/** Every input of the content form, as typed (one set for all templates, so switching keeps what was typed). */
export type ContentFields = Record<
  'text' | 'title' | 'description' | 'body' | 'code' | 'validUntil' | 'imageUrl' | 'url' | 'buttonLabel',
  string
>

export const emptyFields = (): ContentFields => ({
  text: '',
  title: '',
  description: '',
  body: '',
  code: '',
  validUntil: '',
  imageUrl: '',
  url: '',
  buttonLabel: '',
})

/** The request's content for `template` from the form: optional fields trimmed, blank ones left out. */
export function contentOf(template: Template, f: ContentFields): CampaignContent {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined)
  const link = { url: opt(f.url), buttonLabel: opt(f.buttonLabel) }
  switch (template) {
    case 'text':
      return { template: 'text', text: f.text }
    case 'coupon':
      return {
        template: 'coupon',
        title: f.title,
        description: f.description,
        code: opt(f.code),
        validUntil: opt(f.validUntil),
        imageUrl: opt(f.imageUrl),
        ...link,
      }
    case 'news':
      return { template: 'news', title: f.title, body: f.body, imageUrl: opt(f.imageUrl), ...link }
    default:
      return { template: 'points', title: f.title, body: f.body, ...link }
  }
}

/** The form's fields for saved content, over what the form already holds (fields of other templates stay). */
export function fieldsOf(content: CampaignContent, current: ContentFields): ContentFields {
  const next = { ...current }
  for (const [key, value] of Object.entries(content))
    if (key !== 'template' && key in next && typeof value === 'string') next[key as keyof ContentFields] = value
  return next
}

/** Required fields filled in (the server validates the rest): no preview request for a half-typed draft. */
export const isComplete = (c: CampaignContent): boolean =>
  c.template === 'text'
    ? c.text.trim() !== ''
    : c.title.trim() !== '' && (c.template === 'coupon' ? c.description : c.body).trim() !== ''

/** Which inputs the form shows for a template. */
export const neededFields = (template: Template) => ({
  text: template === 'text',
  title: template !== 'text',
  description: template === 'coupon',
  body: template === 'news' || template === 'points',
  coupon: template === 'coupon',
  image: template === 'coupon' || template === 'news',
  link: template !== 'text',
})

/** A schedule as the form holds it: local day (YYYY-MM-DD, '' for "send now") and time (HH:MM) in the shop's zone. */
export interface ScheduleFields {
  day: string
  time: string
}

/** The instant a schedule names, or null for "send now". */
export const scheduledInstant = (s: ScheduleFields, timeZone: string): Date | null =>
  s.day ? zonedInstant(s.day, s.time, timeZone) : null

/** The form's schedule for a saved campaign, or null when it is not scheduled. */
export function scheduleOf(c: Campaign, timeZone: string): ScheduleFields | null {
  if (!c.scheduledAt || c.status !== 'scheduled') return null
  return {
    day: localDay(new Date(c.scheduledAt), timeZone),
    time: dateTime(c.scheduledAt, timeZone).slice(11, 16),
  }
}

/** The body of a create or update request. */
export function saveBody(
  name: string,
  segment: Segment,
  content: CampaignContent,
  schedule: ScheduleFields,
  timeZone: string,
) {
  return { name, segment, content, scheduledAt: scheduledInstant(schedule, timeZone)?.toISOString() ?? null }
}

/** Whether a campaign's deliveries are still under way (the page polls its progress). */
export const inProgress = (c: Campaign, p: CampaignProgress): boolean =>
  c.status === 'sending' || (c.status === 'sent' && (p.byStatus.pending ?? 0) + (p.byStatus.sending ?? 0) > 0)

/** The share of recipients whose delivery has finished (0 to 1). */
export function doneShare(p: CampaignProgress | null): number {
  if (!p || p.recipients === 0) return 0
  return (p.recipients - (p.byStatus.pending ?? 0) - (p.byStatus.sending ?? 0)) / p.recipients
}

/** When the pending deliveries are held until (quiet hours), if that is still ahead of `now`. */
export function heldUntil(p: CampaignProgress | null, now: Date): string | null {
  const at = p?.nextAttemptAt
  return at && (p.byStatus.pending ?? 0) > 0 && Date.parse(at) > now.getTime() ? at : null
}

/**
 * The form with a link to the custom-field questionnaire: added on its own line to a text message, else made the
 * message's button (its label `label` unless one is typed). Nothing changes when the link is there already.
 */
export function withQuestionnaireLink(template: Template, f: ContentFields, url: string, label: string): ContentFields {
  if (template === 'text')
    return f.text.includes(url) ? f : { ...f, text: f.text.trim() ? `${f.text.trimEnd()}\n${url}` : url }
  return { ...f, url, buttonLabel: f.buttonLabel.trim() || label }
}
