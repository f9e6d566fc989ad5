import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../../../../db/schema'
import { bearer, json, signedInTestApp, type TestApp } from '../../../support/test-app'

describe('admin API keys', () => {
  let t: TestApp
  let admin: string
  beforeAll(async () => void ({ t, session: admin } = await signedInTestApp('admin')))
  afterAll(() => t.close())

  const upsertReservation = (key: string) =>
    t.app.request('/api/integration/reservations/ext-1', {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        memberNumber: '0000000018',
        storeCode: 'shibuya',
        startsAt: '2026-12-01T18:00:00+09:00',
        partySize: 2,
      }),
    })

  it('creates a key shown once that the booking-system API accepts, lists it without the key, and revokes it', async () => {
    const created = await t.app.request('/api/admin/api-keys', json({ name: '予約システム' }, bearer(admin).headers))
    expect(created.status).toBe(201)
    const { key, prefix } = await created.json()
    expect(key.startsWith(prefix)).toBe(true)
    const first = await upsertReservation(key)
    expect(first.status, await first.clone().text()).toBeLessThan(300)

    const list = await (await t.app.request('/api/admin/api-keys', bearer(admin))).json()
    expect(list.keys).toHaveLength(1)
    expect(list.keys[0]).toMatchObject({ name: '予約システム', prefix, revokedAt: null })
    expect(JSON.stringify(list)).not.toContain(key)

    const id = list.keys[0].id
    const revoked = await t.app.request(`/api/admin/api-keys/${id}/revoke`, { method: 'POST', ...bearer(admin) })
    expect(revoked.status).toBe(200)
    expect((await upsertReservation(key)).status).toBe(401)
    const again = await t.app.request(`/api/admin/api-keys/${id}/revoke`, { method: 'POST', ...bearer(admin) })
    expect(again.status).toBe(404)
    const actions = (await t.db.select().from(auditLog)).map((a) => a.action).filter((a) => a.startsWith('api_key.'))
    expect(actions).toEqual(['api_key.created', 'api_key.revoked'])
    expect(await t.db.$count(auditLog, eq(auditLog.action, 'api_key.revoked'))).toBe(1)
  })

  it('answers 400 for a missing name and 403 to staff', async () => {
    expect((await t.app.request('/api/admin/api-keys', json({ name: ' ' }, bearer(admin).headers))).status).toBe(400)
    const staff = await t.signIn('staff')
    expect((await t.app.request('/api/admin/api-keys', bearer(staff))).status).toBe(403)
  })

  it('refuses a scopes list longer than the scopes there are (each once), and writes no key', async () => {
    const res = await t.app.request(
      '/api/admin/api-keys',
      json({ name: 'POS', scopes: Array(6000).fill('tags') }, bearer(admin).headers),
    )
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'invalid_request',
    ])
    const created = await t.app.request(
      '/api/admin/api-keys',
      json({ name: 'POS', scopes: ['tags', 'tags'] }, bearer(admin).headers),
    )
    expect(((await created.json()) as { scopes: string[] }).scopes).toEqual(['tags'])
  })
})
