// The daily look at LINE's insight of the multicasts sent (GET /v2/bot/insight/message/event): each pending request
// past LINE's delay is asked once a day, its figures kept until they are final; a chunk of requests per budget step,
// its writes committed with the cursor (jobs/chunked.ts), so a run cut short goes on where it stopped.
import { HTTPFetchError, type insight } from '@line/bot-sdk'
import { dueInsightRequests, insightWrite, type InsightAnswer } from '../data/line-requests'
import type { AppDeps } from '../env'
import type { ChunkResult } from './chunked'

/** Requests asked per chunk: each is one subrequest on Workers. */
export const insightChunkSize = 10

/** LINE's answer as the job records it; null for a failure worth asking again tomorrow (429, 5xx, network). */
async function askLine(client: insight.InsightClient, requestId: string): Promise<InsightAnswer | null> {
  try {
    const { overview, messages, clicks } = await client.getMessageEvent(requestId)
    if (overview?.delivered === undefined || overview.delivered === null) return { kind: 'calculating' }
    return {
      kind: 'figures',
      delivered: overview.delivered,
      uniqueImpression: overview.uniqueImpression ?? null,
      uniqueClick: overview.uniqueClick ?? null,
      uniqueMediaPlayed: overview.uniqueMediaPlayed ?? null,
      impressions: (messages ?? []).reduce((sum, m) => sum + (m.impression ?? 0), 0),
      clicks: (clicks ?? []).reduce((sum, c) => sum + (c.click ?? 0), 0),
    }
  } catch (err) {
    if (err instanceof HTTPFetchError && (err.status === 400 || err.status === 404)) return { kind: 'unavailable' }
    return null
  }
}

/** One chunk: asks LINE about up to `limit` due requests after row `after`. */
export async function insightChunk(
  deps: Pick<AppDeps, 'db' | 'line'>,
  now: Date,
  after: number,
  limit = insightChunkSize,
): Promise<ChunkResult> {
  const due = await dueInsightRequests(deps.db, now, after, limit)
  const answers = await Promise.all(due.map((r) => askLine(deps.line.insight, r.requestId)))
  const writes = due.flatMap((r, i) => (answers[i] ? [insightWrite(deps.db, r.requestId, answers[i], now)] : []))
  return {
    next: due.length < limit ? null : due.at(-1)!.id,
    writes,
    counted: () => writes.length,
  }
}
