// The cashier's checkout: who is at the till, earn / redeem with keys that survive retries, recent transactions.

import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { ApiError, NetworkError } from '../api/http'
import {
  approveRedeem,
  earnPoints,
  fetchRules,
  fetchTransactions,
  lookupMember,
  redeemPoints,
  reverseTransaction,
  verifyCard,
  type CheckoutMember,
  type CheckoutResult,
  type CheckoutRules,
  type CustomerRef,
  type RedeemApproval,
  type StoreTransaction,
} from './api'
import { looksLikeCardToken, newActionKey } from './scan'
import { useSessionStore } from '../stores/session'

export interface Customer {
  ref: CustomerRef
  member: CheckoutMember
}

/** A refusal to show: the server's code (card_expired, card_used, insufficient_points, ...) and its message. */
export interface Problem {
  code: string
  message: string
  /** True when the same action may simply be sent again (network trouble): it reuses its key. */
  retryable: boolean
}

function problemOf(err: unknown): Problem {
  if (err instanceof NetworkError) return { code: 'offline', message: err.message, retryable: true }
  if (err instanceof ApiError) return { code: err.code, message: err.message, retryable: err.status >= 500 }
  return { code: 'unknown', message: String(err), retryable: true }
}

/** Sends `call` again (same body, same key) after a network failure, a couple of times, before giving up. */
async function withRetries<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call()
    } catch (err) {
      if (!(err instanceof NetworkError) || i >= attempts) throw err
      await new Promise((r) => setTimeout(r, 400 * i))
    }
  }
}

export const useCheckoutStore = defineStore('checkout', () => {
  const session = useSessionStore()
  const rules = shallowRef<CheckoutRules | null>(null)
  const customer = shallowRef<Customer | null>(null)
  const problem = shallowRef<Problem | null>(null)
  const result = shallowRef<CheckoutResult | null>(null)
  const transactions = shallowRef<StoreTransaction[]>([])
  const busy = ref(false)
  /** The last approval code this manager issued, to read out to the till. */
  const approval = shallowRef<RedeemApproval | null>(null)
  /** The last reversal asked for from the list: shown beside its row (settlement or refusal), where the cashier is. */
  const reversal = shallowRef<{ id: number; result?: CheckoutResult; problem?: Problem } | null>(null)
  // Made when the form is prepared for this customer; kept across retries; renewed after each transaction.
  let earnKey = newActionKey()
  let redeemKey = newActionKey()

  async function loadRules() {
    rules.value ??= await session.authorized(fetchRules)
  }

  async function loadTransactions() {
    transactions.value = (await session.authorized(fetchTransactions)).transactions
  }

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    problem.value = null
    try {
      return await work()
    } catch (err) {
      problem.value = problemOf(err)
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** A scanned or typed value: a card code is verified (not yet used), a member number looked up. */
  async function identify(raw: string) {
    const value = raw.trim()
    if (!value) return
    result.value = null
    customer.value = null
    await run(async () => {
      if (looksLikeCardToken(value)) {
        const scanned = await session.authorized((s) => verifyCard(s, value))
        customer.value = { ref: { cardToken: value }, member: scanned.member }
      } else {
        const member = await session.authorized((s) => lookupMember(s, value))
        customer.value = { ref: { memberNumber: member.memberNumber }, member }
      }
      earnKey = newActionKey()
      redeemKey = newActionKey()
    })
  }

  async function finish(done: CheckoutResult | undefined) {
    if (!done) return
    result.value = done
    customer.value = null
    earnKey = newActionKey()
    redeemKey = newActionKey()
    void loadTransactions().catch(() => undefined)
  }

  async function earn(purchaseAmount: number) {
    const who = customer.value
    if (!who) return
    const body = { ...who.ref, purchaseAmount, idempotencyKey: earnKey }
    await finish(await run(() => withRetries(() => session.authorized((s) => earnPoints(s, body)))))
  }

  /** Without the card, a plain staff member sends a manager's `approvalCode` (the server says `card_required`). */
  async function redeem(points: number, approvalCode?: string) {
    const who = customer.value
    if (!who) return
    const body = { ...who.ref, points, idempotencyKey: redeemKey, ...(approvalCode && { approvalCode }) }
    await finish(await run(() => withRetries(() => session.authorized((s) => redeemPoints(s, body)))))
  }

  async function approve(memberNumber: string, points: number) {
    approval.value = null
    approval.value = (await run(() => session.authorized((s) => approveRedeem(s, { memberNumber, points })))) ?? null
  }

  /** `key` comes from the reverse form, made when it opened. */
  async function reverse(id: number, reason: string, key: string) {
    busy.value = true
    reversal.value = null
    try {
      const done = await withRetries(() =>
        session.authorized((s) => reverseTransaction(s, id, { reason, idempotencyKey: key })),
      )
      reversal.value = { id, result: done }
      void loadTransactions().catch(() => undefined)
      return true
    } catch (err) {
      reversal.value = { id, problem: problemOf(err) }
      return false
    } finally {
      busy.value = false
    }
  }

  function next() {
    customer.value = null
    problem.value = null
  }

  return {
    rules,
    customer,
    problem,
    result,
    transactions,
    busy,
    approval,
    reversal,
    loadRules,
    loadTransactions,
    identify,
    earn,
    redeem,
    reverse,
    approve,
    next,
  }
})
