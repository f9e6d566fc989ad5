// The customer's member card: profile, points and a fresh signed QR token; and token rotation.
import { createRoute, z } from '@hono/zod-openapi'
import { ledgerKinds, reservationStatuses } from '../../../db/schema'
import { findLinkedMember, loadCardView } from '../../data/card-view'
import { loadSettings } from '../../data/settings'
import { cardTokenTtlSeconds, signCardToken } from '../../domain/card-token'
import type { AppDeps } from '../../env'
import { notFound } from '../../errors'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { requireSession } from '../../middleware/session'
import { bearerAuth, createRouter, errorResponse, jsonResponse } from '../../openapi'

const CardToken = z.object({ value: z.string(), expiresAt: z.string(), ttlSeconds: z.number() }).openapi('CardToken')

export const Card = z
  .object({
    member: MemberSummary.extend({
      expiring: z.object({ points: z.number(), expiresAt: z.string() }).nullable(),
    }),
    token: CardToken,
    history: z.array(
      z.object({
        id: z.number(),
        kind: z.enum(ledgerKinds),
        points: z.number(),
        at: z.string(),
        storeName: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
    reservations: z.array(
      z.object({
        id: z.number(),
        startsAt: z.string(),
        storeName: z.string(),
        partySize: z.number(),
        status: z.enum(reservationStatuses),
      }),
    ),
  })
  .openapi('Card')

const authErrors = {
  401: errorResponse('No valid session'),
  404: errorResponse('This LINE account is not linked to a membership (`not_linked`)'),
}

function issueToken(deps: AppDeps, memberId: number) {
  const now = deps.clock()
  const { value } = signCardToken(deps.config.cardKeys, memberId, now)
  return {
    value,
    expiresAt: new Date(now.getTime() + cardTokenTtlSeconds * 1000).toISOString(),
    ttlSeconds: cardTokenTtlSeconds,
  }
}

const notLinked = () => notFound('not_linked', 'This LINE account is not linked to a membership yet')

const cardRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The member card of the signed-in customer',
  security: bearerAuth,
  middleware: [requireSession] as const,
  responses: { 200: jsonResponse('The card', Card), ...authErrors },
})

const tokenRoute = createRoute({
  method: 'post',
  path: '/token',
  summary: 'A fresh card token for the QR (rotation)',
  security: bearerAuth,
  middleware: [requireSession] as const,
  responses: { 200: jsonResponse('A new card token', CardToken), ...authErrors },
})

/** The whole card of the member linked to `lineUserId` (also answered by POST /api/session). */
export async function cardFor(deps: AppDeps, lineUserId: string): Promise<z.infer<typeof Card> | undefined> {
  const now = deps.clock()
  const load = () => loadCardView(deps.db, lineUserId, now)
  const [view, settings] = await Promise.all([
    deps.cardViews ? deps.cardViews.read(lineUserId, now, load) : load(),
    loadSettings(deps.db),
  ])
  if (!view) return undefined
  const { memberId, expiring, history, reservations, ...member } = view
  return {
    member: { ...summarizeMember(member, settings.ranks), expiring },
    token: issueToken(deps, memberId),
    history,
    reservations,
  }
}

export const card = createRouter()
  .openapi(cardRoute, async (c) => {
    const view = await cardFor(c.var.deps, c.var.session.lineUserId)
    if (!view) throw notLinked()
    return c.json(view, 200)
  })
  .openapi(tokenRoute, async (c) => {
    const member = await findLinkedMember(c.var.deps.db, c.var.session.lineUserId)
    if (!member) throw notLinked()
    return c.json(issueToken(c.var.deps, member.id), 200)
  })
