// Retry an authorised API call once with a fresh session when the server says the session is gone.

import { ApiError } from '../api/http'

const SESSION_ERROR_CODES = new Set(['session_expired', 'unauthorized'])

/** A 401 meaning "your session token is missing or expired", as opposed to any other refusal. */
export function isSessionError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && SESSION_ERROR_CODES.has(err.code)
}

/**
 * Run `call` with the current session token; on a session 401, get a fresh session (`sessionToken(true)`) and
 * run it exactly once more. A second failure is thrown to the caller, so this can never loop.
 */
export async function withSessionRetry<T>(
  call: (token: string) => Promise<T>,
  sessionToken: (fresh: boolean) => Promise<string>,
): Promise<T> {
  const token = await sessionToken(false)
  try {
    return await call(token)
  } catch (err) {
    if (!isSessionError(err)) throw err
    return call(await sessionToken(true))
  }
}
