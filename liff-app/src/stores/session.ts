// The session as reactive state for the pages: who is signed in, plus the calls of session/session-core.ts.
// A plain reactive object, not a Pinia store, so the card's first paint does not need Pinia.

import { computed, reactive, ref } from 'vue'
import type { SessionResponse } from '../api/session'
import { sessionCore, type SessionCore } from '../session/session-core'

export function createSessionStore(core: SessionCore) {
  const user = ref<SessionResponse['user'] | null>(null)
  const member = ref<SessionResponse['member']>(null)
  const staff = ref<SessionResponse['staff']>(null)
  const signedIn = computed(() => user.value !== null)
  core.subscribe((identity) => {
    user.value = identity.user
    member.value = identity.member
    staff.value = identity.staff
  })
  // The bearer token stays inside the core: not reactive state, never in devtools or serialised.
  const { configure, sessionToken, authorized, takeSessionCard, setMember } = core
  return reactive({ user, member, staff, signedIn, configure, sessionToken, authorized, takeSessionCard, setMember })
}

let store: ReturnType<typeof createSessionStore> | null = null

export function useSessionStore() {
  return (store ??= createSessionStore(sessionCore))
}
