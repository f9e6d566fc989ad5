// POST /api/session: exchange a LINE ID token for a short-lived Tsunagu session token.

import type { z } from '@hono/zod-openapi'
import type { SessionRequest, SessionResponse as SessionSchema } from '../../../server/routes/customer/session'
import { currentLocale } from '../i18n/useI18n'
import { requestJson } from './http'

/** The member card when linked (null when not), so the card page can skip `GET /api/card` on first open. */
export type SessionResponse = z.infer<typeof SessionSchema>

/** The app's language goes along, so that the shop's LINE messages follow it. */
export function createSession(idToken: string): Promise<SessionResponse> {
  return requestJson<SessionResponse>('/api/session', {
    method: 'POST',
    body: { idToken, language: currentLocale.value } satisfies z.input<typeof SessionRequest>,
  })
}
