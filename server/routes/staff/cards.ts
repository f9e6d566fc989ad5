// POST /api/staff/cards/verify: staff check a scanned member QR (signature, freshness, not yet used).
import { createRoute, z } from '@hono/zod-openapi'
import { scannedCard } from '../../data/card-view'
import { cardTokenTtlSeconds, verifyCardToken, type CardTokenFailure } from '../../domain/card-token'
import { cardRevoked } from '../../data/ledger'
import { ApiError } from '../../errors'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { refusalError } from '../refusals'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'

const messages: Record<CardTokenFailure | 'used' | 'member_inactive', string> = {
  malformed: 'This is not a member card code',
  unknown_key: 'This card code was signed with a key that is no longer valid',
  bad_signature: 'This card code is forged or damaged',
  expired: 'This card code has expired: ask the customer to reopen their card',
  not_yet_valid: 'This card code is not valid yet: check the device clock',
  used: 'This card code has already been used for a transaction',
  member_inactive: 'This membership is no longer active',
}

export const VerifyRequest = z.object({ token: z.string().min(1).max(200) }).openapi('CardVerifyRequest')

export const ScannedMember = z
  .object({
    tokenId: z.string(),
    expiresAt: z.string(),
    member: MemberSummary,
  })
  .openapi('ScannedCard')

const route = createRoute({
  method: 'post',
  path: '/verify',
  summary: 'Verify a scanned member card code',
  security: bearerAuth,
  middleware: [requireSession, requireStaff()] as const,
  request: { body: jsonBody(VerifyRequest) },
  responses: {
    200: jsonResponse('The card is valid and unused', ScannedMember),
    400: errorResponse('Invalid body'),
    401: errorResponse('No valid session'),
    403: errorResponse('Not staff'),
    409: errorResponse('Already used (`card_used`)'),
    429: errorResponse('Too many look-ups from this staff account or client (`rate_limited`, with `Retry-After`)'),
    422: errorResponse(
      'Not a valid card code: `card_malformed`, `card_expired`, `card_bad_signature`, `card_revoked` (unlinked or deleted since), ...',
    ),
  },
})

export const staffCards = createRouter().openapi(route, async (c) => {
  const { db, config, clock } = c.var.shop
  const result = verifyCardToken(config.cardKeys, c.req.valid('json').token, clock())
  if (!result.ok) throw new ApiError(422, `card_${result.reason}`, messages[result.reason])
  const { claims } = result
  // The token is only as good as the link that showed it: one issued before an unlink (or a re-link) is refused.
  const { member, used, link } = await scannedCard(db, claims)
  if (used) throw new ApiError(409, 'card_used', messages.used)
  if (!member || member.status !== 'active') throw new ApiError(422, 'card_member_inactive', messages.member_inactive)
  if (!link) throw refusalError(cardRevoked())
  const { ranks } = await c.var.shop.settings.load()
  return c.json(
    {
      tokenId: claims.tokenId,
      expiresAt: new Date((claims.issuedAt + cardTokenTtlSeconds) * 1000).toISOString(),
      member: summarizeMember(member, ranks),
    },
    200,
  )
})
