// POST /api/session: LINE ID token in, short-lived session token out. The only place a LINE identity enters.
import { createRoute, z } from '@hono/zod-openapi'
import { lineAccountOf, rememberLanguage, staffOfLineUser } from '../../data/sign-in'
import { ApiError } from '../../errors'
import { enforceRateLimit } from '../../middleware/rate-limit'
import { IdTokenError } from '../../line/id-token'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { signSession } from '../../session-token'
import { Card, cardFor } from './card'

export const SessionRequest = z
  .object({
    idToken: z.string().min(1).max(4096).openapi({ description: 'ID token from liff.getIDToken()' }),
    language: z.string().max(35).optional().openapi({
      description:
        "The app's language (the customer's choice, else liff.getLanguage()): the member's LINE messages follow it",
      example: 'ja',
    }),
  })
  .openapi('SessionRequest')

export const SessionResponse = z
  .object({
    token: z.string(),
    expiresAt: z.string(),
    user: z.object({ lineUserId: z.string(), displayName: z.string().nullable() }),
    member: z.object({ memberNumber: z.string(), name: z.string() }).nullable(),
    staff: z.object({ role: z.enum(['staff', 'manager', 'admin']), storeId: z.number().nullable() }).nullable(),
    /** The member card, when linked: saves the card page a round trip on a slow network. */
    card: Card.nullable(),
  })
  .openapi('Session')

const route = createRoute({
  method: 'post',
  path: '/',
  summary: 'Exchange a LINE ID token for a session',
  request: { body: jsonBody(SessionRequest) },
  responses: {
    200: jsonResponse('Session established', SessionResponse),
    400: errorResponse('Invalid request body'),
    401: errorResponse('The ID token was rejected'),
    429: errorResponse('Too many exchanges from this LINE user or client (`rate_limited`, with `Retry-After`)'),
    503: errorResponse("LINE's signing keys could not be fetched (`line_unavailable`)"),
  },
})

export const session = createRouter().openapi(route, async (c) => {
  const { db, line, config, clock } = c.var.shop
  const { idToken, language } = c.req.valid('json')
  const claims = await line.verifyIdToken(idToken).catch((err: unknown) => {
    if (err instanceof IdTokenError) throw new ApiError(err.status, err.code, err.message)
    throw err
  })
  await enforceRateLimit(c.var.shop, 'sessionPerUser', claims.sub)
  const now = clock()
  const account = await lineAccountOf(db, claims, now)
  const [card, staffRow] = await Promise.all([
    account?.memberId ? cardFor(c.var.shop, claims.sub) : undefined,
    staffOfLineUser(db, claims.sub),
    account?.memberId && language ? rememberLanguage(db, account.memberId, language) : undefined,
  ])
  const { token, expiresAt } = signSession(config.sessionSecret, { lineUserId: claims.sub }, now)
  return c.json(
    {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { lineUserId: claims.sub, displayName: claims.name ?? null },
      member: card ? { memberNumber: card.member.memberNumber, name: card.member.name } : null,
      staff: staffRow?.active ? { role: staffRow.role, storeId: staffRow.storeId } : null,
      card: card ?? null,
    },
    200,
  )
})
