// The customer and cashier journey through the Worker's fetch on D1: a new friend links an existing membership,
// the cashier scans the card and awards points (a retry replays, the used token is refused), the card shows the
// new balance, points are redeemed. Each step runs the same route code as on Node, against D1's semantics.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { demo, seedDemoShop } from '../../db/seed'
import { personaByKey } from '../../server/sandbox/personas'
import { sandboxIdToken } from './sandbox-id-token'

const origin = 'https://tsunagu.test'

async function request(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {}
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await exports.default.fetch(`${origin}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the journey reads deep into several answers' shapes
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

async function signIn(persona: string): Promise<string> {
  const session = await request('/api/session', {
    body: { idToken: await sandboxIdToken(personaByKey(persona)!.lineUserId) },
  })
  expect(session.status).toBe(200)
  return session.body.token as string
}

beforeAll(async () => {
  await seedDemoShop(openD1(env.DB), new Date())
})

describe('customer and cashier on D1', () => {
  it('links, earns once per key and per card token, shows the balance, and redeems', async () => {
    const customer = await signIn('newcomer')
    const linked = await request('/api/link', {
      token: customer,
      body: { memberNumber: demo.unlinkedMemberNumber, birthday: demo.unlinkedBirthday },
    })
    expect(linked).toMatchObject({ status: 200, body: { linked: true } })
    const before = await request('/api/card', { token: customer })
    expect(before.status).toBe(200)
    const startBalance = before.body.member.balance as number

    const cashier = await signIn('staff')
    const earn = { cardToken: before.body.token.value, purchaseAmount: 3240, idempotencyKey: 'till-1-0001' }
    const earned = await request('/api/staff/checkout/earn', { token: cashier, body: earn })
    expect(earned.status).toBe(200)
    expect(earned.body.replayed).toBe(false)
    const points = earned.body.entry.points as number
    expect(points).toBeGreaterThan(0)
    expect(earned.body.member.balance).toBe(startBalance + points)

    const retried = await request('/api/staff/checkout/earn', { token: cashier, body: earn })
    expect(retried).toMatchObject({ status: 200, body: { replayed: true, entry: { id: earned.body.entry.id } } })
    const reused = await request('/api/staff/checkout/earn', {
      token: cashier,
      body: { ...earn, idempotencyKey: 'till-1-0002' },
    })
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'card_used' } } })

    const after = await request('/api/card', { token: customer })
    expect(after.body.member.balance).toBe(startBalance + points)
    expect(after.body.history[0]).toMatchObject({ kind: 'earn', points })

    const redeemed = await request('/api/staff/checkout/redeem', {
      token: cashier,
      body: { cardToken: after.body.token.value, points, idempotencyKey: 'till-1-0003' },
    })
    expect(redeemed.status).toBe(200)
    expect(redeemed.body.member.balance).toBe(startBalance)
    expect((await request('/api/card', { token: customer })).body.member.balance).toBe(startBalance)
  })
})
