// Staff API: card verification, earn / redeem / reverse, store transactions, point rules, invites.

import { requestJson } from './http'

export interface CheckoutMember {
  memberNumber: string
  name: string
  rank: string
  rankLabel: string
  balance: number
}

export interface ScannedCard {
  tokenId: string
  expiresAt: string
  member: CheckoutMember
}

export interface StoreTransaction {
  id: number
  kind: 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse'
  points: number
  purchaseAmount: number | null
  at: string
  storeId: number | null
  actor: string
  /** The staff member's display name; null for the system. */
  actorName: string | null
  memberNumber: string
  memberName: string
  note: string | null
  /** A reversal of a partly used earn: points that could not be taken back, settled by the shop. */
  shortfall: number | null
  reversed: boolean
}

/** How a reversed earn was settled: taken back, left to settle off the refund (points and yen), expired unused. */
export interface ReversalSettlement {
  earned: number
  takenBack: number
  shortfall: number
  shortfallYen: number
  expired: number
}

export interface CheckoutResult {
  entry: StoreTransaction
  member: CheckoutMember
  replayed: boolean
  settlement?: ReversalSettlement
}

export interface CheckoutRules {
  rounding: 'floor' | 'round' | 'ceil'
  redeemUnit: number
  validityDays: number
  dailyEarnCap: number | null
  maxPurchaseAmount: number
  ranks: { key: string; label: string; pointsPer100Yen: number }[]
}

/** Who the customer is: a scanned card code (single use) or a typed member number. */
export type CustomerRef = { cardToken: string } | { memberNumber: string }

export const verifyCard = (session: string, token: string) =>
  requestJson<ScannedCard>('/api/staff/cards/verify', { method: 'POST', token: session, body: { token } })

export const lookupMember = (session: string, memberNumber: string) =>
  requestJson<CheckoutMember>(`/api/staff/checkout/members/${encodeURIComponent(memberNumber)}`, { token: session })

export const fetchRules = (session: string) =>
  requestJson<CheckoutRules>('/api/staff/checkout/rules', { token: session })

export const earnPoints = (session: string, body: CustomerRef & { purchaseAmount: number; idempotencyKey: string }) =>
  requestJson<CheckoutResult>('/api/staff/checkout/earn', { method: 'POST', token: session, body })

export const redeemPoints = (
  session: string,
  body: CustomerRef & { points: number; idempotencyKey: string; approvalCode?: string },
) => requestJson<CheckoutResult>('/api/staff/checkout/redeem', { method: 'POST', token: session, body })

export interface RedeemApproval {
  code: string
  expiresAt: string
  points: number
  member: CheckoutMember
}

/** Managers: a one-time code that lets a till redeem `points` for this member without the card. */
export const approveRedeem = (session: string, body: { memberNumber: string; points: number }) =>
  requestJson<RedeemApproval>('/api/staff/redeem-approvals', { method: 'POST', token: session, body })

export const reverseTransaction = (session: string, id: number, body: { reason: string; idempotencyKey: string }) =>
  requestJson<CheckoutResult>(`/api/staff/transactions/${id}/reverse`, { method: 'POST', token: session, body })

export const fetchTransactions = (session: string) =>
  requestJson<{ transactions: StoreTransaction[] }>('/api/staff/transactions?limit=10', { token: session })

export const joinAsStaff = (session: string, code: string) =>
  requestJson<{ staff: { id: number; displayName: string; storeId: number | null; role: string } }>('/api/staff/join', {
    method: 'POST',
    token: session,
    body: { code },
  })
