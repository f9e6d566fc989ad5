// The live card's long-poll inside workerd on D1, where no in-memory bus reaches other isolates: a held
// GET /api/card/changes re-reads the member's marker and answers with the new card once a checkout lands.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { seedDemoShop } from '../../db/seed'
import { signInAs as signIn, workerRequest as request } from './worker-request'

beforeAll(async () => {
  await seedDemoShop(openD1(env.DB), new Date())
})

describe('GET /api/card/changes on D1', () => {
  it('holds an open card’s poll until a cashier’s earn lands, then answers the new balance and a fresh QR', async () => {
    const customer = await signIn('customer')
    const now = await request('/api/card/changes?since=0&wait=0', { token: customer })
    expect(now.status).toBe(200)
    const since = now.body.version as number
    const used = now.body.card.token.value as string

    const held = request(`/api/card/changes?since=${since}&wait=20`, { token: customer })
    const cashier = await signIn('staff')
    const earned = await request('/api/staff/checkout/earn', {
      token: cashier,
      body: { cardToken: used, purchaseAmount: 3240, idempotencyKey: 'live-card-d1-0001' },
    })
    expect(earned.status).toBe(200)

    const changed = await held
    expect(changed.status).toBe(200)
    expect(changed.body.version).toBe(earned.body.entry.id)
    expect(changed.body.card.member.balance).toBe(earned.body.member.balance)
    expect(changed.body.card.history[0]).toMatchObject({ kind: 'earn', points: earned.body.entry.points })
    expect(changed.body.card.token.value).not.toBe(used)
  })

  it('answers the same marker and no card when nothing changed within `wait`, and 401 without a session', async () => {
    const customer = await signIn('customer')
    const { version } = (await request('/api/card/changes?since=0&wait=0', { token: customer })).body
    const quiet = await request(`/api/card/changes?since=${version}&wait=1&token=1`, { token: customer })
    expect(quiet.status).toBe(200)
    expect(quiet.body).toMatchObject({ version, card: null, token: { ttlSeconds: 60 } })
    expect((await request('/api/card/changes?since=0')).status).toBe(401)
  })
})
