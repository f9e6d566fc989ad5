// Keeps the card's QR token fresh: refreshes before expiry, keeps the last code through network drops, counts down.

import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { CardToken } from './api'
import { ApiError, NetworkError } from '../api/http'
import {
  holdToken,
  refreshDelay,
  retryDelay,
  secondsLeft,
  tokenPhase,
  type HeldToken,
  type RefreshFailure,
  type TokenPhase,
} from './token-schedule'

const TICK_MS = 250

function isTransient(err: unknown): RefreshFailure {
  if (err instanceof NetworkError) return 'offline'
  if (err instanceof ApiError && (err.status >= 500 || err.status === 429)) return 'unavailable'
  return null
}

/**
 * `refresh` fetches a new token (POST /api/card/token). Transient failures are retried with backoff while the
 * current code is still valid; any other failure stops rotation and is exposed as `fatal` for the page to handle.
 */
export function useCardToken(refresh: () => Promise<CardToken>) {
  const held = shallowRef<HeldToken | null>(null)
  const now = ref(Date.now())
  const failure = ref<RefreshFailure>(null)
  const fatal = shallowRef<unknown>(null)
  const refreshing = ref(false)

  const seconds = computed(() => (held.value ? secondsLeft(held.value, now.value) : 0))
  const phase = computed<TokenPhase>(() => (held.value ? tokenPhase(held.value, now.value, failure.value) : 'expired'))

  let timer: ReturnType<typeof setTimeout> | undefined
  let attempt = 0

  function schedule(ms: number) {
    clearTimeout(timer)
    timer = setTimeout(() => void run(), ms)
  }

  function accept(token: CardToken) {
    const receivedAt = Date.now()
    held.value = holdToken(token, receivedAt)
    now.value = receivedAt
    failure.value = null
    fatal.value = null
    attempt = 0
    schedule(refreshDelay(held.value, receivedAt))
  }

  async function run() {
    if (refreshing.value) return
    refreshing.value = true
    try {
      accept(await refresh())
    } catch (err) {
      const transient = isTransient(err)
      if (!transient) {
        fatal.value = err
        return
      }
      failure.value = transient
      attempt += 1
      const current = held.value
      // Past expiry we stop polling: the page shows the expired state and its retry button (or `online` retries).
      if (current && Date.now() < current.expiresAtMs) schedule(retryDelay(attempt, current, Date.now()))
    } finally {
      refreshing.value = false
    }
  }

  function retry() {
    attempt = 0
    fatal.value = null
    void run()
  }

  const ticker = setInterval(() => {
    now.value = Date.now()
  }, TICK_MS)

  // Phones freeze timers in the background; on return, refresh at once if the code is due or already failing.
  function onVisible() {
    if (document.visibilityState !== 'visible' || !held.value) return
    now.value = Date.now()
    if (failure.value || refreshDelay(held.value, now.value) <= 1_000) retry()
  }
  function onOnline() {
    if (failure.value) retry()
  }
  document.addEventListener('visibilitychange', onVisible)
  window.addEventListener('online', onOnline)

  onScopeDispose(() => {
    clearTimeout(timer)
    clearInterval(ticker)
    document.removeEventListener('visibilitychange', onVisible)
    window.removeEventListener('online', onOnline)
  })

  return { held, seconds, phase, refreshing, fatal, start: accept, retry }
}
