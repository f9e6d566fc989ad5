// An audit entry in words: who (staff name, 「お客さま」, 「システム」), did what, to whom (「会員 0000000018 山田 花子」).

import { format, type Locale, type MessagePair } from '../../i18n/translate'
import { auditSentences, auditWords } from './audit-messages'
import { dateTime } from '../format'

export interface AuditEntry {
  id: number
  actor: string
  actorName: string | null
  /** The role of the staff member who acted, as it is now (admins are `staff:N` too). */
  actorRole: 'staff' | 'manager' | 'admin' | null
  action: string
  target: string | null
  targetName: string | null
  detail: unknown
  storeId: number | null
  at: string
}

const split = (ref: string): [string, string] => {
  const at = ref.indexOf(':')
  return at < 0 ? [ref, ''] : [ref.slice(0, at), ref.slice(at + 1)]
}

/** Who acted, in words. */
export function actorText(e: Pick<AuditEntry, 'actor' | 'actorName' | 'actorRole'>, locale: Locale): string {
  const say = (pair: MessagePair, name = '') => format(pair, locale, { name })
  const [kind] = split(e.actor)
  const name = e.actorName ?? say(auditWords.unknownPerson)
  if (kind === 'staff') return say(e.actorRole === 'admin' ? auditWords.admin : auditWords.staff, name)
  if (kind === 'line') return e.actorName ? say(auditWords.customerNamed, e.actorName) : say(auditWords.customer)
  // `seed` wrote the demo shop's first entries; jobs (expiry, imports) act as the system too.
  if (kind === 'system' || kind === 'seed' || kind === 'job') return say(auditWords.system)
  if (kind === 'apikey') return say(auditWords.integration)
  return say(auditWords.someone)
}

/** The target, in words; an empty string when the action needs none. */
export function targetText(e: Pick<AuditEntry, 'target' | 'targetName'>, locale: Locale): string {
  if (!e.target) return ''
  const say = (pair: MessagePair, params: Record<string, string> = {}) => format(pair, locale, params)
  const [kind, rest] = split(e.target)
  const named = e.targetName ?? say(auditWords.unknownPerson)
  switch (kind) {
    case 'member':
      return say(auditWords.member, { name: named })
    case 'member-number':
      return say(auditWords.memberNumber, { name: rest })
    case 'staff':
      return say(auditWords.staff, { name: named })
    case 'line':
      return e.targetName ? say(auditWords.member, { name: e.targetName }) : say(auditWords.customer)
    case 'store':
      return say(auditWords.store, { name: named })
    case 'reservation':
      return say(auditWords.reservation, { id: rest })
    case 'campaign':
      return say(auditWords.campaign, { id: rest })
    case 'order':
    case 'cart':
    case 'item':
      return say(auditWords[kind], { id: rest })
    case 'campaign-name':
      return rest
    case 'legal':
      return say(rest === 'privacy' ? auditWords.legalPrivacy : auditWords.legalTerms)
    case 'settings':
    case 'reminder_rules':
      return say(auditWords.settings)
    default:
      return ''
  }
}

const num = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('ja-JP') : undefined)
const signed = (n: unknown) => (typeof n === 'number' && n > 0 ? `+${num(n)}` : num(n))

/** One sentence for the entry: who did what to whom, with the detail's key facts. */
export function auditSentence(e: AuditEntry, locale: Locale, timeZone: string): string {
  const d = (e.detail && typeof e.detail === 'object' ? e.detail : {}) as Record<string, unknown>
  const pair = auditSentences[e.action]
  if (!pair) return format(auditWords.other, locale, { action: e.action })
  const [kind, rest] = e.target ? split(e.target) : ['', '']
  const params: Record<string, string | undefined> = {
    actor: actorText(e, locale),
    target: targetText(e, locale),
    points:
      e.action === 'points.adjusted'
        ? signed(d.points)
        : num(typeof d.points === 'number' ? Math.abs(d.points) : d.points),
    reason: typeof d.reason === 'string' ? d.reason : undefined,
    purchaseAmount: num(d.purchaseAmount),
    forfeitedPoints: num(d.forfeitedPoints),
    imported: num(d.imported),
    rows: num(d.rows),
    recipients: num(d.recipients),
    count: num(d.count),
    startsAt: typeof d.startsAt === 'string' ? dateTime(d.startsAt, timeZone) : undefined,
    name: kind === 'campaign-name' ? rest : undefined,
    label: typeof d.labelJa === 'string' ? String(locale === 'en' ? d.labelEn : d.labelJa) : undefined,
  }
  const filled = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string>
  return format(pair, locale, filled).replace(/\{\w+\}/g, '—')
}
