// The English side of describe.ts's error texts: loaded with the card's English strings (app-shell.ts), only when
// the page is English.

export const errorTextsEn: Record<string, string> = {
  INIT_FAILED: 'Could not start the connection with LINE.',
  INVALID_CONFIG: 'The app is misconfigured. Please contact the shop.',
  UNAUTHORIZED: 'You need to log in to LINE.',
  FORBIDDEN: 'LINE did not allow this action.',
  INVALID_ID_TOKEN: 'Your LINE login is no longer valid.',
  TIMEOUT: 'LINE did not respond in time.',
  RATE_LIMIT_EXCEEDED: 'Too many requests. Please wait a moment.',
  INVALID_ARGUMENT: 'Something went wrong talking to LINE.',
  UNKNOWN: 'Something went wrong talking to LINE.',
  id_token_expired: 'Your login has expired. Please reopen the app.',
  session_expired: 'Your session timed out.',
  unauthorized: 'We could not confirm your login.',
  relogin_blocked: 'Logging in to LINE again did not work. Please close LINE and open the app again.',
  too_many_requests: 'Too many requests. Please wait a moment.',
  rate_limited: 'Too many requests. Please wait a minute and try again.',
  id_token_rejected: 'We could not verify your LINE login. Please reopen the app.',
  offline: 'You appear to be offline. Please check your connection.',
  server: 'Something went wrong on our side. Please try again later.',
  fallback: 'Something went wrong. Please try again.',
}
