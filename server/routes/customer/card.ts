// The customer's member card: profile, points and a fresh signed QR token; and token rotation.
import { z } from '@hono/zod-openapi'
import type { TypedResponse } from 'hono'
import { ledgerKinds, reservationStatuses } from '../../../db/schema'
import { findLinkedMember, loadCardView, type CardView } from '../../data/card-view'
import type { ShopSettings } from '../../data/settings'
import { cardTokenTtlSeconds, signCardToken } from '../../domain/card-token'
import type { AppDeps } from '../../env'
import type { Shop } from '../../shop'
import { notFound } from '../../errors'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { createRouter, jsonResponse } from '../../openapi'
import { memberRoute } from '../guarded-routes'

export const CardToken = z
  .object({ value: z.string(), expiresAt: z.string(), ttlSeconds: z.number() })
  .openapi('CardToken')

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
    consentRequired: z.boolean().openapi({
      description: 'Changed terms or privacy policy await the member’s consent (GET/POST /api/consent)',
    }),
    barcode: z.enum(['code128', 'ean13']).optional().openapi({
      description: 'The shop shows the member number as this 1D barcode under the QR (settings `card.memberBarcode`)',
    }),
  })
  .openapi('Card')

/** A fresh signed QR token for `memberId`. */
export function issueToken(deps: AppDeps, memberId: number) {
  const now = deps.clock()
  const { value } = signCardToken(deps.config.cardKeys, memberId, now)
  return {
    value,
    expiresAt: new Date(now.getTime() + cardTokenTtlSeconds * 1000).toISOString(),
    ttlSeconds: cardTokenTtlSeconds,
  }
}

export const notLinked = () => notFound('not_linked', 'This LINE account is not linked to a membership yet')

const cardRoute = memberRoute('get', '/', {
  summary: 'The member card of the signed-in customer',
  responses: { 200: jsonResponse('The card', Card) },
})

const tokenRoute = memberRoute('post', '/token', {
  summary: 'A fresh card token for the QR (rotation)',
  responses: { 200: jsonResponse('A new card token', CardToken) },
})

/** The card view of the member linked to `lineUserId` (kept between writes where the deps have a cache). */
function cardView(deps: AppDeps, lineUserId: string): Promise<CardView | undefined> {
  const now = deps.clock()
  const load = () => loadCardView(deps.db, lineUserId, now)
  return deps.cardViews ? deps.cardViews.read(lineUserId, now, load) : load()
}

/** The member behind a QR rotation: from a kept card view where there is a cache, else by a lookup of its own. */
async function linkedMemberId(deps: AppDeps, lineUserId: string): Promise<number | undefined> {
  if (deps.cardViews) return (await cardView(deps, lineUserId))?.memberId
  return (await findLinkedMember(deps.db, lineUserId))?.id
}

type CardBody = Omit<z.infer<typeof Card>, 'token'>

function cardBody(view: CardView, settings: ShopSettings): CardBody {
  const { expiring, history, reservations, consentRequired } = view
  return { member: { ...summarizeMember(view, settings.ranks), expiring }, history, reservations, consentRequired }
}

/** The whole card of the member linked to `lineUserId` (also answered by POST /api/session). */
export async function cardFor(deps: Shop, lineUserId: string): Promise<z.infer<typeof Card> | undefined> {
  const [view, settings] = await Promise.all([cardView(deps, lineUserId), deps.settings.load()])
  if (!view) return undefined
  const { member, history, reservations, consentRequired } = cardBody(view, settings)
  const { memberBarcode } = settings.card
  const token = issueToken(deps, view.memberId)
  return {
    member,
    token,
    history,
    reservations,
    consentRequired,
    ...(memberBarcode !== 'none' && { barcode: memberBarcode }),
  }
}

/**
 * GET /api/card's body, serialized once per kept view (and rank labels) but for the token, which is new on every
 * read: a member's open card asks again on each QR rotation, and serializing the whole card was most of a cached read.
 */
const serialized = new WeakMap<
  CardView,
  { settings: ShopSettings; member: string; history: string; reservations: string }
>()

function cardJson(deps: Shop, view: CardView, settings: ShopSettings): string {
  let parts = serialized.get(view)
  if (parts?.settings !== settings) {
    const body = cardBody(view, settings)
    parts = {
      settings,
      member: JSON.stringify(body.member),
      history: JSON.stringify(body.history),
      reservations: JSON.stringify(body.reservations),
    }
    serialized.set(view, parts)
  }
  const token = issueToken(deps, view.memberId)
  // The token's value is base64url and dots, and its date ISO 8601: nothing in them needs escaping in JSON.
  const tokenJson = `{"value":"${token.value}","expiresAt":"${token.expiresAt}","ttlSeconds":${token.ttlSeconds}}`
  const barcode = settings.card.memberBarcode === 'none' ? '' : `,"barcode":"${settings.card.memberBarcode}"`
  return `{"member":${parts.member},"token":${tokenJson},"history":${parts.history},"reservations":${parts.reservations},"consentRequired":${view.consentRequired}${barcode}}`
}

// `c.get`, not `c.var`: the card is the hottest path, and `c.var` copies every variable into a new object per read.
export const card = createRouter()
  .openapi(cardRoute, async (c) => {
    const deps = c.get('shop')
    const view = await cardView(deps, c.get('session').lineUserId)
    if (!view) throw notLinked()
    // The body is a Card serialized in parts (see cardJson); typed as the Card it spells. A new headers object each
    // time: the Node adapter writes Content-Length into it.
    const res = c.body(cardJson(deps, view, await deps.settings.load()), 200, { 'content-type': 'application/json' })
    return res as unknown as TypedResponse<z.infer<typeof Card>, 200, 'json'>
  })
  .openapi(tokenRoute, async (c) => {
    const deps = c.get('shop')
    const memberId = await linkedMemberId(deps, c.get('session').lineUserId)
    if (memberId === undefined) throw notLinked()
    return c.json(issueToken(deps, memberId), 200)
  })
