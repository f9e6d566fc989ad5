// Keeps an open card live: a long-poll re-armed after every answer brings a changed card (new balance, history, a
// fresh QR) within about a second of a checkout, and the QR's next token when it is due. Loaded after the card has
// painted. Backs off on failures, stops while the page is hidden and asks again as soon as it is visible or online.

import type { CardResponse } from './api'
import { fetchCardChanges, type CardChanges } from './changes-api'
import { ApiError, NetworkError } from '../api/http'
import { changeNotice, newEntries } from './change-notice'
import { ANSWER_GRACE_MS, backoffDelay, pollPlan, rearmDelay } from './live-schedule'
import { holdToken } from './token-schedule'
import type { Locale } from '../i18n/translate'

export interface LiveCardOptions {
  locale: Locale
  /** The card on screen. */
  card: () => CardResponse | null
  /** Puts a changed card (or the same card with a new token) on screen. */
  update: (card: CardResponse) => void
  /** Lines saying what changed; called with [] when the notice should go. */
  notify: (lines: string[]) => void
  /** Runs an API call with the session (one new session and one retry on a 401). */
  authorized: <T>(call: (sessionToken: string) => Promise<T>) => Promise<T>
  /** A refusal that is not the network's or the server's passing trouble (e.g. `not_linked`): polling stops. */
  fail: (err: unknown) => void
}

const NOTICE_MS = 30_000

/** Milliseconds to wait before trying again after `err`, or null when trying again cannot help. */
function retryAfter(err: unknown, attempt: number): number | null {
  if (err instanceof DOMException && err.name === 'AbortError') return backoffDelay(attempt, Math.random())
  if (err instanceof NetworkError) return backoffDelay(attempt, Math.random())
  if (err instanceof ApiError && (err.status >= 500 || err.status === 429)) {
    const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
    return backoffDelay(attempt, Math.random(), typeof seconds === 'number' ? seconds * 1000 : 0)
  }
  return null
}

/** Starts polling for `options.card()`'s changes; the returned function stops it. */
export function startLiveCard(options: LiveCardOptions): () => void {
  const first = options.card()
  let version = Number(first?.history[0]?.id ?? 0)
  let tokenAt = Date.now()
  let generation = 0
  let attempt = 0
  let lastStart = 0
  let controller: AbortController | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let noticeTimer: ReturnType<typeof setTimeout> | undefined

  function apply(answer: CardChanges) {
    const before = options.card()
    if (answer.card) {
      version = answer.version
      tokenAt = Date.now()
      options.update(answer.card)
      const lines = changeNotice(newEntries(before?.history ?? [], answer.card.history), options.locale)
      if (lines.length) {
        options.notify(lines)
        clearTimeout(noticeTimer)
        noticeTimer = setTimeout(() => options.notify([]), NOTICE_MS)
      }
    } else if (answer.token && before) {
      tokenAt = Date.now()
      options.update({ ...before, token: answer.token })
    }
  }

  async function poll(gen: number) {
    const card = options.card()
    if (gen !== generation || !card || document.visibilityState === 'hidden') return
    const plan = pollPlan(holdToken(card.token, tokenAt), Date.now())
    const ctl = new AbortController()
    controller = ctl
    lastStart = Date.now()
    const giveUp = setTimeout(() => ctl.abort(), plan.wait * 1000 + ANSWER_GRACE_MS)
    try {
      const answer = await options.authorized((token) =>
        fetchCardChanges(token, { since: version, ...plan }, ctl.signal),
      )
      if (gen !== generation) return
      attempt = 0
      apply(answer)
      schedule(gen, rearmDelay(lastStart, Date.now()))
    } catch (err) {
      if (gen !== generation) return
      const delay = retryAfter(err, ++attempt)
      if (delay === null) options.fail(err)
      else schedule(gen, Math.max(delay, rearmDelay(lastStart, Date.now())))
    } finally {
      clearTimeout(giveUp)
    }
  }

  function schedule(gen: number, ms: number) {
    clearTimeout(timer)
    timer = setTimeout(() => void poll(gen), ms)
  }

  /** Drops the poll in flight; `rearm` starts a new one (the server answers at once if the card changed meanwhile). */
  function restart(rearm: boolean) {
    generation += 1
    controller?.abort()
    clearTimeout(timer)
    attempt = 0
    if (rearm) schedule(generation, rearmDelay(lastStart, Date.now()))
  }

  const onVisibility = () => restart(document.visibilityState === 'visible')
  const onOnline = () => restart(true)
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('online', onOnline)
  restart(true)

  return () => {
    restart(false)
    clearTimeout(noticeTimer)
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('online', onOnline)
  }
}
