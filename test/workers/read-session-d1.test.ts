// Customer reads through the D1 Sessions API (server/middleware/read-session.ts) inside workerd: the bookmark cookie
// the server sets, a cashier's checkout seen by the member's next read, and cookies that are not the server's ignored.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { bookmarkPattern } from '../../db/driver/d1-session-scope'
import { seedDemoShop } from '../../db/seed'
import { personaByKey } from '../../server/sandbox/personas'
import { bookmarkCookie } from '../../server/middleware/read-session'
import { sandboxIdToken } from './sandbox-id-token'
import { signInAs, workerRequest as request } from './worker-request'

beforeAll(async () => {
  await seedDemoShop(openD1(env.DB), new Date())
})

/** The bookmark cookie a response sets (`name=value`), and the bookmark in it; undefined when it sets none. */
function setBookmark(headers: Headers): { cookie: string; bookmark: string } | undefined {
  const set = headers.get('set-cookie')
  const cookie = set && new RegExp(`(?:^|, )(${bookmarkCookie}=[^;]+)`).exec(set)?.[1]
  if (!cookie) return undefined
  expect(set).toMatch(/Path=\/api; HttpOnly; Secure; SameSite=Lax/)
  return { cookie, bookmark: cookie.slice(bookmarkCookie.length + 1).split('.')[0]! }
}

/** The newest bookmark of the primary now. */
async function primaryBookmark(): Promise<string> {
  const session = env.DB.withSession('first-primary')
  await session.prepare('SELECT 1').first()
  return session.getBookmark()!
}

async function customerSession() {
  const idToken = await sandboxIdToken(personaByKey('customer')!.lineUserId)
  const session = await request('/api/session', { body: { idToken } })
  expect(session.status).toBe(200)
  const set = setBookmark(session.headers)
  expect(set?.bookmark).toMatch(bookmarkPattern)
  return { token: session.body.token as string, ...set! }
}

describe('customer reads in a D1 session', () => {
  it('shows the member a cashier’s checkout on their next card read and long-poll, with a newer bookmark', async () => {
    const customer = await customerSession()
    const before = await request('/api/card', { token: customer.token, headers: { cookie: customer.cookie } })
    expect(before.status).toBe(200)

    const cashier = await signInAs('staff')
    const earned = await request('/api/staff/checkout/earn', {
      token: cashier,
      body: { cardToken: before.body.token.value, purchaseAmount: 5400, idempotencyKey: 'read-session-0001' },
    })
    expect(earned.status).toBe(200)
    const written = await primaryBookmark()

    // The cookie still holds the bookmark from before the checkout, which the staff wrote on a session of its own.
    const after = await request('/api/card', { token: customer.token, headers: { cookie: customer.cookie } })
    expect(after.status).toBe(200)
    expect(after.body.member.balance).toBe(earned.body.member.balance)
    expect(after.body.member.balance).toBeGreaterThan(before.body.member.balance)
    const moved = setBookmark(after.headers)
    expect(moved!.bookmark >= written).toBe(true)
    expect(moved!.bookmark > customer.bookmark).toBe(true)

    const changes = await request('/api/card/changes?since=0&wait=0', {
      token: customer.token,
      headers: { cookie: moved!.cookie },
    })
    expect(changes.status).toBe(200)
    expect(changes.body.card.member.balance).toBe(earned.body.member.balance)
  })

  it('answers a read without a bookmark (from the primary) and gives it one', async () => {
    const { token } = await customerSession()
    const card = await request('/api/card', { token })
    expect(card.status).toBe(200)
    expect(card.body.member.memberNumber).toBeTypeOf('string')
    expect(setBookmark(card.headers)?.bookmark).toMatch(bookmarkPattern)
  })

  it('ignores a bookmark cookie the server did not sign, and replaces it with its own', async () => {
    const { token, cookie, bookmark } = await customerSession()
    const signature = cookie.split('.')[1]!
    const future = 'ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff'
    for (const value of [
      'garbage',
      'zzzz-zzzz',
      '',
      '.',
      `${bookmark}.`,
      `${bookmark}.${signature.slice(1)}x`,
      `${future}.${signature}`,
      `${future}`,
      `${bookmark}.${signature}.${signature}`,
      '%E0%A4%A',
      'x'.repeat(4000),
    ]) {
      const card = await request('/api/card', { token, headers: { cookie: `${bookmarkCookie}=${value}` } })
      expect(card.status, value).toBe(200)
      const set = setBookmark(card.headers)
      expect(set?.bookmark, value).toMatch(bookmarkPattern)
      expect(set!.bookmark < future).toBe(true)
    }
  })
})
