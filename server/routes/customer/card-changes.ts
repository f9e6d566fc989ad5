// GET /api/card/changes: a long-poll that answers an open card as soon as its points change (checkout, reversal,
// adjustment, expiry), else after `wait` seconds, so the card shows the new balance and a fresh QR within 2 s.
import { z } from '@hono/zod-openapi'
import { loadCardVersion } from '../../data/card-version'
import { intervalWatch } from '../../data/data-watch'
import { createRouter, errorResponse, jsonResponse } from '../../openapi'
import { Card, CardToken, cardFor, issueToken, notLinked } from './card'
import { memberRoute } from '../guarded-routes'

/**
 * Longest hold: under the ~30 s after which some mobile carriers' and proxies' idle timers cut a silent connection
 * (Cloudflare's own is 100 s); the card re-arms at once, and asks for its next QR token in the poll that ends then.
 */
export const maxWaitSeconds = 25

export const Changes = z
  .object({
    version: z.number().openapi({ description: 'The card’s change marker now: pass it as `since` next time' }),
    card: Card.nullable().openapi({ description: 'The whole card (with a fresh token) when the marker moved' }),
    token: CardToken.nullable().openapi({ description: 'A fresh QR token in an unchanged answer, when `token=1`' }),
  })
  .openapi('CardChanges')

const changesRoute = memberRoute('get', '/', {
  summary: 'Waits until the signed-in customer’s card changes (long-poll)',
  request: {
    query: z.object({
      since: z.coerce.number().int().min(0).openapi({ description: 'The `version` the card shows' }),
      wait: z.coerce
        .number()
        .int()
        .min(0)
        .max(maxWaitSeconds)
        .default(maxWaitSeconds)
        .openapi({ description: 'Seconds to hold the request while nothing changes' }),
      token: z.enum(['0', '1']).default('0').openapi({ description: '1: a fresh QR token in an unchanged answer' }),
    }),
  },
  responses: {
    200: jsonResponse('The card when it changed; else the marker (and a token if asked) after `wait`', Changes),
    400: errorResponse('Invalid `since`, `wait` or `token` (`invalid_request`)'),
    429: errorResponse('Too many requests (`rate_limited`)'),
  },
})

export const cardChanges = createRouter().openapi(changesRoute, async (c) => {
  const deps = c.get('shop')
  const { lineUserId } = c.get('session')
  const { since, wait, token } = c.req.valid('query')
  const watch = deps.dataWatch ?? intervalWatch
  // The client gone, or the server shutting down (which waits for open requests): answer now.
  const signal = deps.closing ? AbortSignal.any([c.req.raw.signal, deps.closing]) : c.req.raw.signal
  // How long the request has been held is elapsed time, not the shop's clock (`deps.clock` may stand still in tests).
  const deadline = performance.now() + wait * 1000
  for (;;) {
    const mark = watch.mark()
    const current = await loadCardVersion(deps.db, lineUserId)
    if (!current) throw notLinked()
    if (current.version !== since) {
      const card = await cardFor(deps, lineUserId)
      if (!card) throw notLinked()
      // The newest history line is the newest ledger entry: the marker this card shows, whatever landed meanwhile.
      return c.json({ version: card.history[0]?.id ?? 0, card, token: null }, 200)
    }
    const left = deadline - performance.now()
    if (left <= 0 || signal.aborted)
      return c.json(
        { version: since, card: null, token: token === '1' ? issueToken(deps, current.memberId) : null },
        200,
      )
    await watch.wait(mark, left, signal)
  }
})
