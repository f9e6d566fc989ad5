// Multicast requests LINE accepted (line_requests) and the insight it later gives for each: which are due a look,
// and the writes that record an answer. LINE computes a request's statistics from about a day after it was sent and
// keeps updating them for 14 days; after that the figures are final and never asked for again.
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client'

/** LINE's statistics of a request are not there before this long after it. */
export const insightDelayMs = 24 * 3600_000
/** From this long after the request, LINE's figures no longer change: the first answer with figures is final. */
export const insightFinalMs = 14 * 86_400_000
/** A request LINE still has no figures for this long after it never gets any (`unavailable`). */
export const insightGiveUpMs = 30 * 86_400_000
/** Asked at most once in this long (a daily job whose start drifts by minutes still asks every day). */
const recheckMs = 20 * 3600_000

export interface DueInsight {
  id: number
  requestId: string
}

/** Pending requests past LINE's delay and not asked today, after row `after`, in row order. */
export function dueInsightRequests(db: Database, now: Date, after: number, limit: number): Promise<DueInsight[]> {
  const at = now.getTime()
  return db.all<DueInsight>(sql`SELECT rowid AS id, request_id AS requestId FROM line_requests
    WHERE insight_status = 'pending' AND sent_at <= ${at - insightDelayMs}
      AND (checked_at IS NULL OR checked_at <= ${at - recheckMs}) AND rowid > ${after}
    ORDER BY rowid LIMIT ${limit}`)
}

/** What LINE answered for one request, as the job records it. */
export type InsightAnswer =
  | {
      kind: 'figures'
      delivered: number
      uniqueImpression: number | null
      uniqueClick: number | null
      uniqueMediaPlayed: number | null
      impressions: number
      clicks: number
    }
  /** Still being calculated: asked again tomorrow, until LINE gives up. */
  | { kind: 'calculating' }
  /** LINE keeps no statistics for this request. */
  | { kind: 'unavailable' }

/** The write recording `answer` for a pending request (a request already final is left alone). */
export function insightWrite(db: Database, requestId: string, answer: InsightAnswer, now: Date) {
  const at = now.getTime()
  const pending = sql`request_id = ${requestId} AND insight_status = 'pending'`
  if (answer.kind === 'unavailable')
    return db.run(sql`UPDATE line_requests SET insight_status = 'unavailable', checked_at = ${at} WHERE ${pending}`)
  if (answer.kind === 'calculating')
    return db.run(sql`UPDATE line_requests SET checked_at = ${at},
      insight_status = CASE WHEN sent_at <= ${at - insightGiveUpMs} THEN 'unavailable' ELSE 'pending' END WHERE ${pending}`)
  return db.run(sql`UPDATE line_requests SET checked_at = ${at}, delivered = ${answer.delivered},
      unique_impression = ${answer.uniqueImpression}, unique_click = ${answer.uniqueClick},
      unique_media_played = ${answer.uniqueMediaPlayed}, impressions = ${answer.impressions}, clicks = ${answer.clicks},
      insight_status = CASE WHEN sent_at <= ${at - insightFinalMs} THEN 'ready' ELSE 'pending' END
    WHERE ${pending}`)
}
