// Sandbox-only endpoints: the personas the LINE sandbox can log in as, and ID tokens it signs for them.

import { requestJson } from './http'

export interface SandboxPersona {
  key: string
  lineUserId: string
  displayName: string
  description: string
}

export function fetchPersonas(): Promise<SandboxPersona[]> {
  return requestJson<SandboxPersona[]>('/sandbox/login/personas')
}

export function issueSandboxIdToken(
  lineUserId: string,
  nonce?: string,
): Promise<{ idToken: string; expiresAt: string }> {
  return requestJson('/sandbox/login/id-token', {
    method: 'POST',
    body: nonce ? { lineUserId, nonce } : { lineUserId },
  })
}
