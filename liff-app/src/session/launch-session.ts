// The session request index.html's inline script starts from LINE's launch credentials: inside LINE, the LIFF URL
// opens the page with the user's ID token in the fragment, so POST /api/session goes out while the scripts are still
// downloading (and its JSON is read as soon as it arrives), and the card renders without waiting for LIFF to start.

import { answerData, type JsonAnswer } from '../api/http'
import type { SessionResponse } from '../api/session'
import type { IdTokenProvider } from './id-token-provider'
import type { SessionCore } from './session-core'

/** What the inline script leaves on `window`: the ID token it read and the answer of its POST /api/session. */
export interface LaunchSession {
  idToken: string
  answer: Promise<JsonAnswer>
}

declare global {
  interface Window {
    __tsunaguLaunch?: LaunchSession
  }
}

/** The keys LIFF reads from the launch URL's fragment (and then removes from the visible URL). */
const LAUNCH_CREDENTIALS = [
  'access_token',
  'context_token',
  'feature_token',
  'id_token',
  'client_id',
  'mst_verifier',
  'mst_challenge',
  'msit',
] as const

/** `url` without LINE's launch credentials in its fragment (what LIFF's start does to the visible URL). */
export function withoutLaunchCredentials(url: string): string {
  const parsed = new URL(url)
  const fragment = new URLSearchParams(parsed.hash.slice(1))
  for (const key of LAUNCH_CREDENTIALS) fragment.delete(key)
  parsed.hash = fragment.toString()
  return parsed.toString()
}

/** The launch request, once: null when the page was not opened by LINE with credentials. */
export function takeLaunchSession(): LaunchSession | null {
  const launch = window.__tsunaguLaunch ?? null
  delete window.__tsunaguLaunch
  return launch
}

/** The launch request's answer, taken like any other API answer (ApiError, NetworkError). */
export function launchSessionAnswer(launch: LaunchSession): Promise<SessionResponse> {
  return answerData<SessionResponse>(launch.answer)
}

/** The claims of an ID token, unverified: for showing and comparing only; the server verifies every token it takes. */
export function idTokenClaims(idToken: string): { sub?: unknown; name?: unknown } | null {
  try {
    const base64 = (idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return claims && typeof claims === 'object' ? claims : null
  } catch {
    return null
  }
}

/**
 * Once LIFF has started: false when the session is for another LINE user than the ID token LIFF holds (LIFF may keep
 * one from earlier in this tab instead of the launch URL's), and the page should start again as LIFF's user. True
 * when they agree, or there is nothing to compare: LIFF holds no token, or there is no session (the launch request
 * failed, and the page's own call asks again with LIFF's token).
 */
export async function confirmLaunchUser(
  idTokens: IdTokenProvider,
  session: Pick<SessionCore, 'sessionToken' | 'lineUserId'>,
): Promise<boolean> {
  const current = idTokens.current()
  const token = await session.sessionToken().catch(() => null)
  if (current === null || token === null) return true
  return idTokenClaims(current)?.sub === session.lineUserId()
}
