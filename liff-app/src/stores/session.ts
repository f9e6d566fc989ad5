// The Tsunagu session: LINE ID token → POST /api/session; the session token lives in memory only.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CardResponse } from '../api/card'
import { ApiError } from '../api/http'
import { createSession, type SessionResponse } from '../api/session'
import type { IdTokenProvider } from '../session/id-token-provider'
import { releaseRelogin } from '../session/relogin-guard'
import { withSessionRetry } from '../session/retry'

/** Treat the session as gone this long before the server's expiry, to avoid sending a token that dies in flight. */
const EXPIRY_MARGIN_MS = 15_000
/** The card that came with a session is shown only this soon after: its QR token is counted from when it is shown. */
const SESSION_CARD_MAX_AGE_MS = 5_000

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionResponse['user'] | null>(null)
  const member = ref<SessionResponse['member']>(null)
  const staff = ref<SessionResponse['staff']>(null)
  const signedIn = computed(() => user.value !== null)

  // Deliberately not reactive state: the bearer token should not show up in devtools or be serialised.
  let token: string | null = null
  let expiresAtMs = 0
  let provider: IdTokenProvider | null = null
  let inflight: Promise<string> | null = null
  let sessionCard: { card: CardResponse | null; at: number } | null = null

  function configure(idTokens: IdTokenProvider) {
    provider = idTokens
  }

  async function establish(): Promise<string> {
    if (!provider) throw new Error('session store used before configure()')
    const idTokens = provider
    let session: SessionResponse
    try {
      session = await createSession(idTokens.current() ?? (await idTokens.renew()))
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401 && err.code === 'id_token_expired')) throw err
      session = await createSession(await idTokens.renew())
    }
    releaseRelogin(sessionStorage)
    token = session.token
    expiresAtMs = Date.parse(session.expiresAt)
    user.value = session.user
    member.value = session.member
    staff.value = session.staff
    sessionCard = session.card === undefined ? null : { card: session.card, at: Date.now() }
    return session.token
  }

  /** The current session token, or a new session when there is none, it is about to expire, or `fresh` is asked. */
  function sessionToken(fresh = false): Promise<string> {
    if (!fresh && token && Date.now() < expiresAtMs - EXPIRY_MARGIN_MS) return Promise.resolve(token)
    if (fresh) token = null
    inflight ??= establish().finally(() => {
      inflight = null
    })
    return inflight
  }

  /** Run an authorised API call; a session 401 is answered by one new session and one retry, never more. */
  function authorized<T>(call: (sessionToken: string) => Promise<T>): Promise<T> {
    return withSessionRetry(call, sessionToken)
  }

  /**
   * The card answered by the session just established, once, if it is still fresh: `{ card: null }` means not a
   * member; `null` means ask `GET /api/card`.
   */
  function takeSessionCard(): { card: CardResponse | null } | null {
    const taken = sessionCard
    sessionCard = null
    return taken && Date.now() - taken.at <= SESSION_CARD_MAX_AGE_MS ? { card: taken.card } : null
  }

  /** After linking, registering, unlinking or deleting: the membership this LINE account now has. */
  function setMember(next: SessionResponse['member']) {
    member.value = next
    sessionCard = null
  }

  return { user, member, staff, signedIn, configure, sessionToken, authorized, takeSessionCard, setMember }
})
