// Where the session store gets LINE ID tokens: real LIFF, or (in sandbox builds) the local LINE sandbox.

import { liff } from '../liff/client'
import { ReloginBlockedError, claimRelogin } from './relogin-guard'

export interface IdTokenProvider {
  /** The ID token LIFF holds right now, if any. */
  current(): string | null
  /**
   * A newer ID token. Against real LINE this means a fresh login, so the page navigates away and the promise never
   * settles; it throws ReloginBlockedError when a re-login was already attempted moments ago in this tab.
   */
  renew(): Promise<string>
  /** LINE's language (`liff.getLanguage()`), which the app shows unless the customer chose another. */
  language?(): string | null
}

export function lineIdTokens(): IdTokenProvider {
  return {
    current: () => liff.getIDToken(),
    // liff.getLanguage() is navigator.language (@liff/get-language): LINE's language in its browser. Read directly,
    // its module's bytes stay out of the card's budget.
    language: () => navigator.language,
    renew() {
      if (!claimRelogin(sessionStorage, Date.now())) return Promise.reject(new ReloginBlockedError())
      // logout() drops the cached, expired ID token; login() cannot run inside the LIFF browser, where init logs in.
      liff.logout()
      if (liff.isInClient()) location.reload()
      else liff.login({ redirectUri: location.href })
      return new Promise<never>(() => {})
    },
  }
}

/**
 * Initialise LIFF against real LINE. Resolves false when the browser is being sent to LINE Login (an external
 * browser without a login); `redirectUri` keeps the deep link the user opened.
 */
export async function startLineLiff(liffId: string): Promise<boolean> {
  await liff.init({ liffId })
  if (liff.isLoggedIn()) return true
  liff.login({ redirectUri: location.href })
  return false
}
