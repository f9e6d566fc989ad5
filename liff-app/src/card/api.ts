// GET /api/card and POST /api/card/token: the customer's member card and its rotating QR token.

import type { z } from '@hono/zod-openapi'
import type { Card, CardToken as CardTokenSchema } from '../../../server/routes/customer/card'
import { requestJson } from '../api/http'

// The server's schemas are the contract: these types follow them, and no byte of them reaches the bundle.
export type CardResponse = z.infer<typeof Card>
export type CardToken = z.infer<typeof CardTokenSchema>
export type CardMember = CardResponse['member']
export type HistoryEntry = CardResponse['history'][number]
export type LedgerKind = HistoryEntry['kind']
export type ReservationSummary = CardResponse['reservations'][number]

export function fetchCard(sessionToken: string): Promise<CardResponse> {
  return requestJson<CardResponse>('/api/card', { token: sessionToken })
}

export function issueCardToken(sessionToken: string): Promise<CardToken> {
  return requestJson<CardToken>('/api/card/token', { method: 'POST', token: sessionToken })
}
