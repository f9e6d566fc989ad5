import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CardResponse } from '../../../liff-app/src/api/card'
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
