// Sandbox-only endpoints: the personas the LINE sandbox can log in as (and new newcomers), ID tokens it signs for
// them, and the demo reset.

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

/** A new newcomer persona: a fresh LINE user who has just added the shop as a friend. */
export function addNewcomerPersona(): Promise<SandboxPersona> {
  return requestJson<SandboxPersona>('/sandbox/login/personas', { method: 'POST', body: {} })
}

/** Puts the demo shop back as seeded and clears the sandbox (inbox, added newcomers). */
export function resetDemo(): Promise<{ ok: true }> {
  return requestJson('/api/sandbox/reset', { method: 'POST', body: { confirm: true } })
}
