// The customer and cashier journey through the Worker's fetch on D1: a new friend links an existing membership,
// the cashier scans the card and awards points (a retry replays, the used token is refused), the card shows the
// new balance, points are redeemed. Each step runs the same route code as on Node, against D1's semantics.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { demo, seedDemoShop } from '../../db/seed'
import { signInAs as signIn, workerRequest as request } from './worker-request'

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
