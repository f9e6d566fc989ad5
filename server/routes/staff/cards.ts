// POST /api/staff/cards/verify: staff check a scanned member QR (signature, freshness, not yet used).
import { createRoute, z } from '@hono/zod-openapi'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { requireSession } from '../../middleware/session'
import { requireStaff } from '../../middleware/staff'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { verifyCard } from '../../usecases/verify-card'
import { accepted } from '../refusals'

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
