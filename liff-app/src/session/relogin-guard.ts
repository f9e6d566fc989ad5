// Allows one LINE re-login per few minutes per tab, so an ID token the server keeps rejecting cannot cause a redirect loop.

const KEY = 'tsunagu:relogin-at'
const WINDOW_MS = 5 * 60_000

export type GuardStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** True (and remembers the attempt) when no re-login was tried in this tab within the last few minutes. */
export function claimRelogin(storage: GuardStorage, now: number): boolean {
  const last = Number(storage.getItem(KEY))
  if (Number.isFinite(last) && last > 0 && now - last < WINDOW_MS) return false
  storage.setItem(KEY, String(now))
  return true
}

/** Forget the attempt once a session was established, so a later expiry can re-login again. */
export function releaseRelogin(storage: GuardStorage): void {
  storage.removeItem(KEY)
}

/** Thrown when a re-login was already tried and LINE still gives us an unusable ID token. */
export class ReloginBlockedError extends Error {
  readonly code = 'relogin_blocked'
  constructor() {
    super('LINE re-login was already attempted in this tab')
    this.name = 'ReloginBlockedError'
  }
}
