// POST /api/session: exchange a LINE ID token for a short-lived Tsunagu session token.

import type { z } from '@hono/zod-openapi'
import type { SessionRequest, SessionResponse as SessionSchema } from '../../../server/routes/customer/session'
import { requestJson } from './http'

/** The member card when linked (null when not), so the card page can skip `GET /api/card` on first open. */
export type SessionResponse = z.infer<typeof SessionSchema>
export type StaffRole = NonNullable<SessionResponse['staff']>['role']

export function createSession(idToken: string): Promise<SessionResponse> {
  return requestJson<SessionResponse>('/api/session', {
    method: 'POST',
    body: { idToken } satisfies z.input<typeof SessionRequest>,
  })
}
