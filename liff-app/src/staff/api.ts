// Staff API: card verification, earn / redeem / reverse, store transactions, point rules, invites.

import type { z } from '@hono/zod-openapi'
import type { MemberSummary } from '../../../server/member-summary'
import type { ScannedMember, VerifyRequest } from '../../../server/routes/staff/cards'
import type { EarnRequest, RedeemRequest, Rules } from '../../../server/routes/staff/checkout'
import type { Joined } from '../../../server/routes/staff/join'
import type { Approval, ApprovalRequest } from '../../../server/routes/staff/redeem-approvals'
import type { CheckoutResult as CheckoutResultSchema, Transaction } from '../../../server/routes/staff/schemas'
import type { ReverseRequest, StoreTransactions } from '../../../server/routes/staff/transactions'
import { requestJson } from '../api/http'

export type CheckoutMember = z.infer<typeof MemberSummary>
export type ScannedCard = z.infer<typeof ScannedMember>
export type StoreTransaction = z.infer<typeof Transaction>
/** How a reversed earn was settled: taken back, left to settle off the refund (points and yen), expired unused. */
export type CheckoutResult = z.infer<typeof CheckoutResultSchema>
export type CheckoutRules = z.infer<typeof Rules>

/** Who the customer is: a scanned card code (single use) or a typed member number (the server takes exactly one). */
export type CustomerRef = { cardToken: string } | { memberNumber: string }
type Customerless<T> = Omit<T, 'cardToken' | 'memberNumber'>

export const verifyCard = (session: string, token: string) =>
  requestJson<ScannedCard>('/api/staff/cards/verify', {
    method: 'POST',
    token: session,
    body: { token } satisfies z.input<typeof VerifyRequest>,
  })

export const lookupMember = (session: string, memberNumber: string) =>
  requestJson<CheckoutMember>(`/api/staff/checkout/members/${encodeURIComponent(memberNumber)}`, { token: session })

export const fetchRules = (session: string) =>
  requestJson<CheckoutRules>('/api/staff/checkout/rules', { token: session })

export const earnPoints = (session: string, body: CustomerRef & Customerless<z.input<typeof EarnRequest>>) =>
  requestJson<CheckoutResult>('/api/staff/checkout/earn', { method: 'POST', token: session, body })

export const redeemPoints = (session: string, body: CustomerRef & Customerless<z.input<typeof RedeemRequest>>) =>
  requestJson<CheckoutResult>('/api/staff/checkout/redeem', { method: 'POST', token: session, body })

export type RedeemApproval = z.infer<typeof Approval>

/** Managers: a one-time code that lets a till redeem `points` for this member without the card. */
export const approveRedeem = (session: string, body: z.input<typeof ApprovalRequest>) =>
  requestJson<RedeemApproval>('/api/staff/redeem-approvals', { method: 'POST', token: session, body })

export const reverseTransaction = (session: string, id: number, body: z.input<typeof ReverseRequest>) =>
  requestJson<CheckoutResult>(`/api/staff/transactions/${id}/reverse`, { method: 'POST', token: session, body })

export const fetchTransactions = (session: string) =>
  requestJson<z.infer<typeof StoreTransactions>>('/api/staff/transactions?limit=10', { token: session })

export const joinAsStaff = (session: string, code: string) =>
  requestJson<z.infer<typeof Joined>>('/api/staff/join', {
    method: 'POST',
    token: session,
    body: { code },
  })
