// Plans the birthday message (settings `birthday`) and the birthday coupon (`couponRules.birthday`), a chunk of members
// at a time, for the daily job. A member is greeted once per birthday: the copy's issue key and the delivery's dedupe
// key are both `birthday:<member>:<year of the birthday>`, so a chunk or a day run again plans nothing twice. Only
// active members who are friends, linked and opted in to marketing messages, with a birthday, are greeted; the
// messages wait for quiet hours to end and go out at the sender's pace, multicast where they are identical.
import { sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../../db/client'
import type { Coupon } from '../../db/schema'
import type { Config } from '../config'
import { birthdayWindow } from '../domain/birthday-window'
import { contentHash } from '../domain/campaign-content'
import { outsideQuietHours, type QuietHours } from '../domain/quiet-hours'
import { localDate } from '../domain/time-zone'
import { uuidSql } from './campaign-enqueue'
import { byLanguage } from './coupon-campaign'
import { couponIssuedMessage, findCoupon } from './coupon-copies'
import { issueRuleCopies } from './coupon-rules'
import { chunkEnd, type MemberChunk } from './point-notice-planner'
import type { ShopSettings } from './settings'

/** Members per chunk: a rowid range read once per statement. */
export const birthdayChunkSize = 5_000

export interface BirthdayPlan {
  texts: ShopSettings['birthday']['texts']
  /** Null: the first day of the birthday month on (see `birthdayWindow`). */
  daysBefore: number | null
  quiet: QuietHours | null
  timeZone: string
  /** The birthday rule's coupon, if one is set. */
  coupon?: Coupon
  /** The message telling a member about their coupon, per language. */
  couponMessages?: { ja: unknown; en: unknown }
}

/** What the planner needs from the settings, or null when birthday messages are off. */
export async function birthdayPlan(
  db: Database,
  config: Config,
  settings: Pick<ShopSettings, 'birthday' | 'couponRules'>,
  timeZone: string,
  quiet: QuietHours | null,
): Promise<BirthdayPlan | null> {
  if (!settings.birthday.enabled) return null
  const couponId = settings.couponRules.birthday
  const coupon = couponId === null ? undefined : await findCoupon(db, couponId)
  const { texts, daysBefore } = settings.birthday
  if (!coupon) return { texts, daysBefore, quiet, timeZone }
  const couponMessages = { ja: couponIssuedMessage(config, coupon, 'ja'), en: couponIssuedMessage(config, coupon, 'en') }
  return { texts, daysBefore, quiet, timeZone, coupon, couponMessages }
}

/** The content hash of each variant (language, with or without the coupon), or none when the text names the member. */
async function variantHashes(plan: BirthdayPlan) {
  const personal = plan.texts.ja.includes('{name}') || plan.texts.en.includes('{name}')
  if (personal) return null
  const variant = (locale: 'ja' | 'en', coupon: boolean) =>
    contentHash([
      { type: 'text', text: plan.texts[locale] },
      ...(coupon && plan.couponMessages ? [plan.couponMessages[locale]] : []),
    ])
  const [ja, en, jaCoupon, enCoupon] = await Promise.all([
    variant('ja', false),
    variant('en', false),
    variant('ja', true),
    variant('en', true),
  ])
  return { ja, en, jaCoupon, enCoupon }
}

/**
 * The chunk of members after `chunk.after` as batchable writes (the coupon copies, then the deliveries that mention
 * them), for `runChunked` to commit with its cursor; `next` is null after the last member.
 */
export async function planBirthdayChunk(
  db: Database,
  plan: BirthdayPlan,
  now: Date,
  chunk: MemberChunk,
): Promise<{ next: number | null; writes: BatchItem<'sqlite'>[] }> {
  const last = await chunkEnd(db, chunk)
  if (last === null) return { next: null, writes: [] }
  const days = birthdayWindow(localDate(now, plan.timeZone), plan.daysBefore)
  const monthDays = JSON.stringify(days.map((d) => d.md))
  const years = JSON.stringify(Object.fromEntries(days.map((d) => [d.md, d.y])))
  const md = sql`substr(m.birthday, 6, 5)`
  // Each greeted member once, with their key. Unary + keeps SQLite on the chunk's rowid range (on the segment indexes
  // it would read every reachable member); IN over the window's days is one lookup per member, not one per day.
  const greeted = sql`SELECT m.id, m.name, m.language, la.line_user_id,
      ${'birthday:'} || m.id || ':' || json_extract(${years}, '$."' || ${md} || '"') AS k
    FROM members m JOIN line_accounts la ON la.member_id = m.id
    WHERE m.id > ${chunk.after} AND m.id <= ${last} AND +m.status = 'active' AND +m.line_status = 'friend'
      AND +m.marketing_opt_in = 1 AND ${md} IN (SELECT value FROM json_each(${monthDays}))`
  const writes: BatchItem<'sqlite'>[] = []
  if (plan.coupon) {
    writes.push(issueRuleCopies(db, { couponId: plan.coupon.id, candidates: greeted, key: (row) => sql`${row}.k` }, now))
  }
  const language = sql`g.language`
  const text = sql`replace(${byLanguage(language, plan.texts.ja, plan.texts.en)}, '{name}', g.name)`
  const greeting = sql`json_object('type', 'text', 'text', ${text})`
  const holds = sql`EXISTS (SELECT 1 FROM member_coupons WHERE issue_key = g.k)`
  const couponMessage = plan.couponMessages
    ? byLanguage(language, JSON.stringify(plan.couponMessages.ja), JSON.stringify(plan.couponMessages.en))
    : null
  const messages = couponMessage
    ? sql`CASE WHEN ${holds} THEN json_array(${greeting}, json(${couponMessage})) ELSE json_array(${greeting}) END`
    : sql`json_array(${greeting})`
  const hashes = await variantHashes(plan)
  const hash = hashes
    ? sql`CASE WHEN ${couponMessage ? holds : sql`0`} THEN ${byLanguage(language, hashes.jaCoupon, hashes.enCoupon)}
        ELSE ${byLanguage(language, hashes.ja, hashes.en)} END`
    : sql`NULL`
  const releaseAt = outsideQuietHours(now, plan.quiet, plan.timeZone).getTime()
  writes.push(
    db.run(sql`INSERT INTO deliveries (dedupe_key, kind, line_user_id, messages, content_hash, retry_key, status, attempts,
        next_attempt_at, hold_in_quiet_hours, created_at)
      SELECT g.k, 'birthday', g.line_user_id, ${messages}, ${hash}, ${uuidSql}, 'pending', 0, ${releaseAt}, 1, ${now.getTime()}
      FROM (${greeted}) g
      WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.dedupe_key = g.k)
      ON CONFLICT (dedupe_key) DO NOTHING`),
  )
  return { next: last, writes }
}
