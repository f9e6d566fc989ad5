// Which sandbox persona to log in as: `?persona=` wins (tests), then the last choice remembered on this device.

import type { SandboxPersona } from '../api/sandbox'

export const PERSONA_STORAGE_KEY = 'tsunagu:sandbox-persona'
export const PERSONA_QUERY_PARAM = 'persona'

export function resolvePersona(
  personas: readonly SandboxPersona[],
  queryKey: string | null,
  storedKey: string | null,
): SandboxPersona | null {
  const byKey = (key: string | null) => (key ? (personas.find((p) => p.key === key) ?? null) : null)
  return byKey(queryKey) ?? byKey(storedKey)
}

/** The current URL without `?persona=`, used when switching persona so the query does not pick it again. */
export function urlWithoutPersona(href: string): string {
  const url = new URL(href)
  url.searchParams.delete(PERSONA_QUERY_PARAM)
  return url.toString()
}

/** Forget the chosen persona and start again at the picker. */
export function switchPersona(): void {
  localStorage.removeItem(PERSONA_STORAGE_KEY)
  location.assign(urlWithoutPersona(location.href))
}
