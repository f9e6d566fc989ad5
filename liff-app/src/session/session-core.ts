// The Tsunagu session without Vue: LINE ID token → POST /api/session; the session token lives in memory only.
// main.ts starts the request as soon as LIFF has an ID token, while Vue and the card are still loading;
// stores/session.ts gives the pages reactive state on top of it.

import type { CardResponse } from '../card/api'
import { ApiError } from '../api/http'
import { createSession, type SessionResponse } from '../api/session'
import type { IdTokenProvider } from './id-token-provider'
import { releaseRelogin } from './relogin-guard'
import { withSessionRetry } from './retry'

/** Treat the session as gone this long before the server's expiry, to avoid sending a token that dies in flight. */
const EXPIRY_MARGIN_MS = 15_000
/** The card that came with a session is shown only this soon after: its QR token is counted from when it is shown. */
const SESSION_CARD_MAX_AGE_MS = 5_000

/** Who the session is for: what the pages show and decide on. */
export type SessionIdentity = Pick<SessionResponse, 'user' | 'member' | 'staff'>

export type SessionCore = ReturnType<typeof createSessionCore>

export function createSessionCore() {
  let token: string | null = null
  let expiresAtMs = 0
  let provider: (() => Promise<IdTokenProvider>) | null = null
  /** The answer of a session request already on its way (LINE's launch): taken by the next establish(), once. */
  let adopted: Promise<SessionResponse> | null = null
  let inflight: Promise<string> | null = null
  let sessionCard: { card: CardResponse | null; at: number } | null = null
  let identity: SessionIdentity | null = null
  const listeners = new Set<(identity: SessionIdentity) => void>()

  function publish(next: SessionIdentity) {
    identity = next
    for (const listener of listeners) listener(next)
  }

  /** Where ID tokens come from: a provider, or how to get one once needed (LIFF starting; calls wait for it). */
  function configure(idTokens: IdTokenProvider | (() => Promise<IdTokenProvider>)) {
    provider = typeof idTokens === 'function' ? idTokens : () => Promise.resolve(idTokens)
  }

  /** Take the answer of a session request already on its way (LINE's launch, session/launch-session.ts). */
  function adopt(answer: Promise<SessionResponse>) {
    answer.catch(() => undefined) // handled when establish() takes it
    adopted = answer
  }

  async function establish(): Promise<string> {
    if (!provider) throw new Error('session used before configure()')
    const idTokens = provider
    const early = adopted
    adopted = null
    let session: SessionResponse
    try {
      if (early) session = await early
      else {
        const tokens = await idTokens()
        session = await createSession(tokens.current() ?? (await tokens.renew()))
      }
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401 && err.code === 'id_token_expired')) throw err
      session = await createSession(await (await idTokens()).renew())
    }
    releaseRelogin(sessionStorage)
    token = session.token
    expiresAtMs = Date.parse(session.expiresAt)
    sessionCard = session.card === undefined ? null : { card: session.card, at: Date.now() }
    publish({ user: session.user, member: session.member, staff: session.staff })
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
  function setMember(member: SessionResponse['member']) {
    sessionCard = null
    if (identity) publish({ ...identity, member })
  }

  /** Calls `listener` with the identity now (if there is a session) and after every change. */
  function subscribe(listener: (identity: SessionIdentity) => void): () => void {
    listeners.add(listener)
    if (identity) listener(identity)
    return () => listeners.delete(listener)
  }

  /** The LINE user the session is for, once there is one. */
  function lineUserId(): string | null {
    return identity?.user.lineUserId ?? null
  }

  return { configure, adopt, sessionToken, authorized, takeSessionCard, setMember, subscribe, lineUserId }
}

/** The app's one session. */
export const sessionCore = createSessionCore()
