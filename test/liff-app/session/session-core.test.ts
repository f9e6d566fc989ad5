import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CardResponse } from '../../../liff-app/src/card/api'
import { ApiError } from '../../../liff-app/src/api/http'
import { createSessionCore } from '../../../liff-app/src/session/session-core'
import { createSessionStore } from '../../../liff-app/src/stores/session'

const card = {
  member: {
    memberNumber: '1000-0001',
    name: '山田 花子',
    rank: 'regular',
    rankLabel: 'レギュラー',
    balance: 120,
    expiring: null,
  },
  token: { value: 'v1.k1.x.y', expiresAt: '2026-11-23T00:01:00.000Z', ttlSeconds: 60 },
  history: [],
  reservations: [],
  consentRequired: false,
} satisfies CardResponse

function answerSession(extra: Record<string, unknown>) {
  const body = {
    token: 'session-token',
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: { lineUserId: 'U1', displayName: '花子' },
    member: null,
    staff: null,
    ...extra,
  }
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { status: 200 })),
  )
}

function store() {
  const session = createSessionCore()
  session.configure({ current: () => 'id-token', renew: () => Promise.resolve('id-token') })
  return session
}

describe('session: the card answered with the session', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('hands the card over once, right after the session is established', async () => {
    answerSession({ card })
    const session = store()
    await session.sessionToken()
    expect(session.takeSessionCard()).toEqual({ card })
    expect(session.takeSessionCard()).toBeNull()
  })

  it('says "not a member" when the session answered card: null', async () => {
    answerSession({ card: null })
    const session = store()
    await session.sessionToken()
    expect(session.takeSessionCard()).toEqual({ card: null })
  })

  it('asks for GET /api/card instead when the server sent no card field or the card has gone stale', async () => {
    answerSession({})
    const old = store()
    await old.sessionToken()
    expect(old.takeSessionCard()).toBeNull()

    vi.useFakeTimers({ toFake: ['Date'] })
    answerSession({ card })
    const session = store()
    await session.sessionToken()
    vi.setSystemTime(Date.now() + 6_000)
    expect(session.takeSessionCard()).toBeNull()
  })

  it('drops the card when the membership changes (link, register, unlink)', async () => {
    answerSession({ card })
    const session = store()
    await session.sessionToken()
    session.setMember(null)
    expect(session.takeSessionCard()).toBeNull()
  })
})

describe('session store: reactive state over the core', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows who is signed in once the session started before it answers, and follows membership changes', async () => {
    answerSession({ card, member: { memberNumber: '1000-0001', name: '山田 花子' } })
    const core = store()
    const pending = core.sessionToken() // started before any page (and its store) exists, as main.ts does
    const session = createSessionStore(core)
    expect(session.signedIn).toBe(false)
    await pending
    expect(session.signedIn).toBe(true)
    expect(session.user).toEqual({ lineUserId: 'U1', displayName: '花子' })
    expect(session.member?.memberNumber).toBe('1000-0001')
    expect(createSessionStore(core).member?.memberNumber).toBe('1000-0001') // a store made later sees it too

    session.setMember(null)
    expect(session.member).toBeNull()
    expect(session.takeSessionCard()).toBeNull()
  })

  it('keeps the bearer token out of the reactive state', async () => {
    answerSession({})
    const core = store()
    const session = createSessionStore(core)
    expect(await session.sessionToken()).toBe('session-token')
    expect(JSON.stringify(session)).not.toContain('session-token')
  })
})

describe('session: the request LINE’s launch started (index.html) before LIFF', () => {
  beforeEach(() => {
    vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined })
  })
  afterEach(() => vi.unstubAllGlobals())

  const sessionBody = (lineUserId: string, extra: Record<string, unknown> = {}) => ({
    token: `token-${lineUserId}`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    user: { lineUserId, displayName: lineUserId },
    member: null,
    staff: null,
    card: null,
    ...extra,
  })

  it('takes the launch answer without a request of its own, and without starting LIFF', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const session = createSessionCore()
    const startLiff = vi.fn(() => new Promise<never>(() => {}))
    session.configure(startLiff)
    session.adopt(Promise.resolve(sessionBody('U-launch', { card })))
    expect(await session.sessionToken()).toBe('token-U-launch')
    expect(startLiff).not.toHaveBeenCalled() // the session did not make LIFF load
    expect(session.lineUserId()).toBe('U-launch')
    expect(session.takeSessionCard()).toEqual({ card })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('after a launch answer that failed, asks again with LIFF’s ID token once LIFF has started', async () => {
    const fetch = vi.fn(async (_path: string, init: RequestInit) => {
      expect(JSON.parse(init.body as string)).toMatchObject({ idToken: 'liff-id-token' })
      return new Response(JSON.stringify(sessionBody('U-liff')), { status: 200 })
    })
    vi.stubGlobal('fetch', fetch)
    const session = createSessionCore()
    let started!: (provider: { current: () => string; renew: () => Promise<string> }) => void
    const liff = new Promise<{ current: () => string; renew: () => Promise<string> }>((resolve) => (started = resolve))
    session.configure(() => liff)
    session.adopt(Promise.reject(new TypeError('network down')))
    await expect(session.sessionToken()).rejects.toThrow('network down')

    const again = session.sessionToken()
    await Promise.resolve()
    expect(fetch).not.toHaveBeenCalled() // LIFF has not started yet
    started({ current: () => 'liff-id-token', renew: () => Promise.reject(new Error('not asked')) })
    expect(await again).toBe('token-U-liff')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('renews the ID token through LIFF when the launch token had expired', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(sessionBody('U-renewed')), { status: 200 })),
    )
    const renew = vi.fn(() => Promise.resolve('fresh-id-token'))
    const session = createSessionCore()
    session.configure({ current: () => 'launch-id-token', renew })
    session.adopt(Promise.reject(new ApiError(401, 'id_token_expired', 'expired')))
    expect(await session.sessionToken()).toBe('token-U-renewed')
    expect(renew).toHaveBeenCalledTimes(1)
  })

  it('fails every call with LIFF’s start-up error when LIFF could not start and there is no launch answer', async () => {
    vi.stubGlobal('fetch', vi.fn())
    const session = createSessionCore()
    session.configure(() => Promise.reject(new Error('LIFF init failed')))
    await expect(session.sessionToken()).rejects.toThrow('LIFF init failed')
  })
})
