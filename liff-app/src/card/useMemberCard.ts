// Loads the member card (from the session answer on first open, else GET /api/card) and tells "not a member yet"
// apart from real failures.

import { ref, shallowRef } from 'vue'
import { fetchCard, type CardResponse } from './api'
import { ApiError } from '../api/http'
import { describeError, type ErrorDescription } from '../errors/describe'
import { useSessionStore } from '../stores/session'

export type CardState = 'loading' | 'ready' | 'not-member' | 'error'

export function isNotLinked(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404 && err.code === 'not_linked'
}

export function useMemberCard() {
  const session = useSessionStore()
  const card = shallowRef<CardResponse | null>(null)
  const state = ref<CardState>('loading')
  const error = shallowRef<ErrorDescription | null>(null)

  /** `quiet` reloads keep the current card on screen until the new one arrives. */
  async function load(options: { quiet?: boolean } = {}) {
    if (!options.quiet) state.value = 'loading'
    try {
      await session.sessionToken()
      const fromSession = session.takeSessionCard()
      if (fromSession && !fromSession.card) {
        card.value = null
        error.value = null
        state.value = 'not-member'
        return
      }
      card.value = fromSession?.card ?? (await session.authorized(fetchCard))
      error.value = null
      state.value = 'ready'
    } catch (err) {
      fail(err)
    }
  }

  function fail(err: unknown) {
    if (isNotLinked(err)) {
      card.value = null
      state.value = 'not-member'
      return
    }
    error.value = describeError(err)
    state.value = 'error'
  }

  return { card, state, error, load, fail }
}
