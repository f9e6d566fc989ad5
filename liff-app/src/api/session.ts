// POST /api/session: exchange a LINE ID token for a short-lived Tsunagu session token.

import { requestJson } from './http'

export type StaffRole = 'staff' | 'manager' | 'admin'

export interface SessionResponse {
  token: string
  expiresAt: string
  user: { lineUserId: string; displayName: string }
  member: { memberNumber: string; name: string } | null
  staff: { role: StaffRole; storeId: number | null } | null
}

export function createSession(idToken: string): Promise<SessionResponse> {
  return requestJson<SessionResponse>('/api/session', { method: 'POST', body: { idToken } })
}
