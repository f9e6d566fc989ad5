import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { defaultRankTiers } from '../../server/domain/ranks'
import { createTestApp, type TestApp } from '../support/test-app'

describe('shop contexts', () => {
  // Two shops in one process, each with its own database and context, served by one app whose resolver picks the
  // shop by a header: what serving several shops from one deployment would be.
  let a: TestApp
  let b: TestApp
  let app: ReturnType<typeof createApp>
  let customer: string
  let admin: string
  beforeAll(async () => {
    a = await createTestApp()
    b = await createTestApp()
    app = createApp(a.deps, (c) => (c.req.header('x-shop') === 'b' ? b.deps : a.deps))
    customer = await a.signIn('customer')
    admin = await a.signIn('admin')
  })
  afterAll(async () => {
    await a.close()
    await b.close()
  })

  const request = (shop: 'a' | 'b', path: string, token: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { ...init.headers, 'x-shop': shop, authorization: `Bearer ${token}` } })
  const rankLabel = async (shop: 'a' | 'b') => {
    const res = await request(shop, '/api/card', customer)
    expect(res.status).toBe(200)
    return ((await res.json()) as { member: { rankLabel: string } }).member.rankLabel
  }

  it('each has its own settings: saving in one drops only its own kept copy', async () => {
    expect([await rankLabel('a'), await rankLabel('b')]).toEqual(['ゴールド', 'ゴールド'])
    const ranks = defaultRankTiers.map((t) => (t.key === 'gold' ? { ...t, label: 'プラチナ' } : t))
    const saved = await request('b', '/api/admin/settings', admin, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ranks }),
    })
    expect(saved.status).toBe(200)
    expect([await rankLabel('a'), await rankLabel('b')]).toEqual(['ゴールド', 'プラチナ'])
    expect((await a.deps.settings.load()).ranks).toEqual(defaultRankTiers)
  })

  it('each keeps its own verified sessions', async () => {
    a.deps.sessions.invalidate()
    b.deps.sessions.invalidate()
    await rankLabel('b')
    expect([a.deps.sessions.size, b.deps.sessions.size]).toEqual([0, 1])
    await rankLabel('a')
    expect([a.deps.sessions.size, b.deps.sessions.size]).toEqual([1, 1])
  })

  it('share no settings store, session cache or card-view cache', () => {
    expect(a.deps.settings).not.toBe(b.deps.settings)
    expect(a.deps.sessions).not.toBe(b.deps.sessions)
    expect(a.deps.cardViews).not.toBe(b.deps.cardViews)
  })
})
