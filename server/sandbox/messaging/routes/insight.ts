// GET /v2/bot/insight/message/event: statistics of an accepted multicast, computed from the sandbox's record of the
// request (whom it reached, its messages). The query and the answer are checked against LINE's insight.yml. For
// `limits.insightDelayMs` after the request the figures are still being calculated: the overview names the request
// but carries no counts (LINE's "not yet"). Who opened or clicked is decided per user by a hash of the request and
// user ids: plausible, and the same on every ask.
import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { queryCheck, schemaCheck } from '../../line-openapi/schema-validator'
import { lineError, type SandboxEnv, type SandboxState } from '../context'
import type { AcceptedRequest } from '../record'

const path = '/v2/bot/insight/message/event'

/** A stable fraction in [0, 1) for one user of one request and one question. */
function share(requestId: string, userId: string, question: string): number {
  return createHash('sha256').update(`${requestId}:${userId}:${question}`).digest().readUInt32BE(0) / 2 ** 32
}

const linksOf = (message: unknown): string[] =>
  [...JSON.stringify(message).matchAll(/"(?:uri|linkUri)":"(https:[^"]+)"/g)].map((m) => m[1]!)

/** The figures LINE would give for `request`, from whom the sandbox delivered it to. */
function statistics(request: AcceptedRequest) {
  const users = [...new Set(request.reached)]
  const opened = users.filter((u) => share(request.requestId, u, 'open') < 0.6)
  const messages = users.length ? request.messages : []
  const urls = [...new Set(messages.flatMap(linksOf))]
  const clickers = urls.length ? opened.filter((u) => share(request.requestId, u, 'click') < 0.3) : []
  const clicks = urls.map((url, i) => {
    const who = clickers.filter((u) => share(request.requestId, u, `url:${i}`) < 0.7 || urls.length === 1)
    return {
      seq: 1,
      url,
      click: who.length + Math.floor(who.length / 3),
      uniqueClick: who.length,
      uniqueClickOfRequest: who.length,
    }
  })
  return {
    overview: {
      requestId: request.requestId,
      timestamp: Math.floor(request.acceptedAt / 1000),
      delivered: users.length,
      uniqueImpression: opened.length,
      uniqueClick: clickers.length,
      uniqueMediaPlayed: null,
      uniqueMediaPlayed100Percent: null,
    },
    messages: messages.map((_, i) => ({ seq: i + 1, impression: opened.length + Math.floor(opened.length / 4) })),
    clicks,
  }
}

export function insightRoutes(state: SandboxState): Hono<SandboxEnv> {
  const checkQuery = queryCheck('insight', path, 'get')
  const checkAnswer = schemaCheck('insight', 'GetMessageEventResponse')
  return new Hono<SandboxEnv>().get(path, (c) => {
    const issues = checkQuery(c.req.query())
    if (issues.length) return lineError(c, 400, 'The request parameters are invalid', issues)
    const requestId = c.req.query('requestId')!
    // LINE keeps statistics of narrowcasts and broadcasts; the sandbox, which is sent neither, keeps them of multicasts.
    // It keeps only its most recent `requestsKept` requests (record.ts): an older multicast is answered 404, as LINE
    // answers for a request whose statistics it no longer has (the insight job records it as unavailable).
    const request = state.record.requests.find((r) => r.requestId === requestId && r.kind === 'multicast')
    if (!request) return lineError(c, 404, 'Not found')
    const calculating = state.now() - request.acceptedAt < state.limits.insightDelayMs
    const answer = calculating
      ? {
          overview: {
            requestId,
            timestamp: Math.floor(request.acceptedAt / 1000),
            uniqueImpression: null,
            uniqueClick: null,
            uniqueMediaPlayed: null,
            uniqueMediaPlayed100Percent: null,
          },
          messages: [],
          clicks: [],
        }
      : statistics(request)
    const wrong = checkAnswer(answer)
    if (wrong.length) throw new Error(`sandbox insight answer breaks insight.yml: ${JSON.stringify(wrong)}`)
    return c.json(answer)
  })
}
