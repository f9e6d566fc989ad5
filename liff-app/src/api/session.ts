// POST /api/session: exchange a LINE ID token for a short-lived Tsunagu session token.

import type { CardResponse } from './card'
import { currentLocale } from '../i18n/useI18n'
import { requestJson } from './http'

export type StaffRole = 'staff' | 'manager' | 'admin'

export interface SessionResponse {
  token: string
  expiresAt: string
  user: { lineUserId: string; displayName: string }
  member: { memberNumber: string; name: string } | null
  staff: { role: StaffRole; storeId: number | null } | null
  /** The member card when linked (null when not), so the card page can skip `GET /api/card` on first open. */
  card?: CardResponse | null
}

/** The app's language goes along, so that the shop's LINE messages follow it. */
export function createSession(idToken: string): Promise<SessionResponse> {
  return requestJson<SessionResponse>('/api/session', {
    method: 'POST',
    body: { idToken, language: currentLocale.value },
  })
}
