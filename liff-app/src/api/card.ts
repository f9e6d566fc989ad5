// GET /api/card and POST /api/card/token: the customer's member card and its rotating QR token.

import { requestJson } from './http'

export type LedgerKind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse'

export interface CardToken {
  value: string
  expiresAt: string
  ttlSeconds: number
}

export interface CardMember {
  memberNumber: string
  name: string
  rank: string
  rankLabel: string
  balance: number
  expiring: { points: number; expiresAt: string } | null
}

export interface HistoryEntry {
  id: number | string
  kind: LedgerKind
  points: number
  at: string
  storeName: string | null
}

export interface ReservationSummary {
  id: number | string
  startsAt: string
  storeName: string
  partySize: number
  status: string
}

export interface CardResponse {
  member: CardMember
  token: CardToken
  history: HistoryEntry[]
  reservations: ReservationSummary[]
  /** Changed terms or privacy policy await the member's consent (components/card/ConsentPrompt.vue). */
  consentRequired?: boolean
}

export function fetchCard(sessionToken: string): Promise<CardResponse> {
  return requestJson<CardResponse>('/api/card', { token: sessionToken })
}

export function issueCardToken(sessionToken: string): Promise<CardToken> {
  return requestJson<CardToken>('/api/card/token', { method: 'POST', token: sessionToken })
}
