// POST /api/staff/cards/verify: staff check a scanned member QR (signature, freshness, not yet used).
import { z } from '@hono/zod-openapi'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { verifyCard } from '../../usecases/verify-card'
import { accepted } from '../refusals'
import { staffRoute } from '../guarded-routes'

export const VerifyRequest = z.object({ token: z.string().min(1).max(200) }).openapi('CardVerifyRequest')

export const ScannedMember = z
  .object({
    tokenId: z.string(),
    expiresAt: z.string(),
    member: MemberSummary,
  })
  .openapi('ScannedCard')

const route = staffRoute('post', '/verify', {
  summary: 'Verify a scanned member card code',
  request: { body: jsonBody(VerifyRequest) },
  responses: {
    200: jsonResponse('The card is valid and unused', ScannedMember),
    409: errorResponse('Already used (`card_used`)'),
    429: errorResponse('Too many look-ups from this staff account or client (`rate_limited`, with `Retry-After`)'),
    422: errorResponse(
      'Not a valid card code: `card_malformed`, `card_expired`, `card_bad_signature`, `card_revoked` (unlinked or deleted since), ...',
    ),
  },
})

export const staffCards = createRouter().openapi(route, async (c) => {
  const card = accepted(await verifyCard(c.var.shop, c.req.valid('json').token))
  return c.json(
    {
      tokenId: card.tokenId,
      expiresAt: card.expiresAt.toISOString(),
      member: summarizeMember(card.member, card.settings.ranks),
    },
    200,
  )
})
