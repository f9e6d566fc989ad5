// Custom member fields through the Worker's fetch on D1: an admin defines them, a newcomer registers with answers
// (written in the registration's own batch), edits them, an admin corrects them (each audited in its batch), and a
// segment counts by them; the same route and use-case code as on Node, against D1's semantics.
import { env } from 'cloudflare:workers'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { openD1 } from '../../db/d1'
import { seedDemoShop } from '../../db/seed'
import { skinTypeField } from '../support/member-fields'
import { signInAs as signIn, workerRequest as request } from './worker-request'

const db = openD1(env.DB)
beforeAll(() => seedDemoShop(db, new Date()))

const audits = async (action: string) =>
  (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = ${action}`))[0]!.n

describe('custom member fields on D1', () => {
  it('registers with answers, lets the member and an admin edit them, and counts a segment by them', async () => {
    const admin = await signIn('admin')
    expect((await request('/api/admin/fields', { token: admin, body: skinTypeField })).status).toBe(201)
    const pets = { key: 'pets', labelJa: 'ペット', labelEn: 'Pets', type: 'text' }
    expect((await request('/api/admin/fields', { token: admin, body: pets })).status).toBe(201)

    const newcomer = await signIn('newcomer')
    const policies = (await request('/api/register/policies')).body
    const form = {
      name: '項目 次郎',
      nameKana: 'コウモク ジロウ',
      birthday: '1992-03-04',
      phone: '09011223344',
      prefecture: '東京都',
      marketingOptIn: true,
      termsVersion: policies.terms.version,
      privacyVersion: policies.privacy.version,
      agreed: true,
    }
    const refused = await request('/api/register', { token: newcomer, body: { ...form, answers: { pets: '犬' } } })
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'field_required' } } })
    expect(await audits('member.register')).toBe(0)

    const registered = await request('/api/register', {
      token: newcomer,
      body: { ...form, answers: { skin_type: 'dry', pets: '犬' } },
    })
    expect(registered.status).toBe(201)
    const mine = await request('/api/me/fields', { token: newcomer })
    expect(mine.body.answers).toEqual({ skin_type: 'dry', pets: '犬' })

    const edited = await request('/api/me/fields', {
      method: 'PUT',
      token: newcomer,
      body: { answers: { skin_type: 'oily', pets: null } },
    })
    expect(edited).toMatchObject({ status: 200, body: { answers: { skin_type: 'oily', pets: null } } })
    expect(await audits('member.fields_updated')).toBe(1)

    const [member] = await db.all<{ id: number }>(sql`SELECT id FROM members WHERE name = '項目 次郎'`)
    const id = member!.id
    const corrected = await request(`/api/admin/members/${id}/fields`, {
      method: 'PUT',
      token: admin,
      body: { answers: { pets: '猫' } },
    })
    expect(corrected).toMatchObject({ status: 200, body: { changed: ['pets'], answers: { pets: '猫' } } })
    expect(await audits('member.fields_updated')).toBe(2)

    const count = await request('/api/admin/campaigns/segment-count', {
      token: admin,
      body: { segment: { fields: [{ key: 'skin_type', op: 'any_of', values: ['oily'] }] } },
    })
    expect(count).toMatchObject({ status: 200, body: { members: 1 } })
  })
})
