import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog, memberFieldAnswers } from '../../../../db/schema'
import { matchingMembers } from '../../../../server/data/scenario-runs'
import { parseCsv } from '../../../../server/domain/csv'
import { defaultPolicyVersion } from '../../../../server/domain/consent'
import { skinTypeField } from '../../../support/member-fields'
import { bearer, testAppPerSuite, json, bearerRequest } from '../../../support/test-app'

const skin = skinTypeField
const interests = {
  key: 'interests',
  labelJa: '興味のあること',
  labelEn: 'Interests',
  type: 'multi_choice',
  choices: [
    { value: 'makeup', ja: 'メイク', en: 'Makeup' },
    { value: 'hair', ja: 'ヘア', en: 'Hair' },
    { value: 'nail', ja: 'ネイル', en: 'Nails' },
  ],
}
const petBirthday = { key: 'pet_birthday', labelJa: 'ペットの誕生日', labelEn: "Pet's birthday", type: 'date' }
const store = { key: 'preferred_store', labelJa: 'よく行く店舗', labelEn: 'Preferred store', type: 'text' }

const form = {
  name: '項目 花子',
  nameKana: 'コウモク ハナコ',
  birthday: '1990-01-02',
  phone: '09055556666',
  prefecture: '東京都',
  marketingOptIn: true,
  termsVersion: defaultPolicyVersion,
  privacyVersion: defaultPolicyVersion,
  agreed: true,
}

describe('custom member fields: define, register, edit, export, segments', () => {
  const t = testAppPerSuite()
  let admin: string
  const api = async (path: string, method: string, body?: unknown, token = admin) =>
    t.app.request(path, bearerRequest(method, token, body))
  const register = async (lineUserId: string, answers: unknown) => {
    const token = await t.signIn({ lineUserId })
    const body = { ...form, answers }
    return {
      res: await t.app.request('/api/register', {
        ...json(body),
        headers: { ...json(body).headers, ...bearer(token).headers },
      }),
      token,
    }
  }
  const memberOf = async (token: string) => {
    const res = await t.app.request('/api/me/profile', bearer(token))
    const number = (await res.json()).memberNumber as string
    const row = await t.db.query.members.findFirst({ where: (m, { eq: is }) => is(m.memberNumber, number) })
    return row!.id
  }

  beforeAll(async () => {
    admin = await t.signIn('admin')
  })

  it('defines fields in order, refuses a taken key and a choice field without choices', async () => {
    for (const f of [skin, interests, petBirthday, store])
      expect((await api('/api/admin/fields', 'POST', f)).status).toBe(201)
    const taken = await api('/api/admin/fields', 'POST', store)
    expect([taken.status, (await taken.json()).error.code]).toEqual([409, 'field_key_taken'])
    const bare = await api('/api/admin/fields', 'POST', { ...skin, key: 'bare', choices: [] })
    expect(bare.status).toBe(400)
    const list = await (await api('/api/admin/fields', 'GET')).json()
    expect(list.fields.map((f: { key: string }) => f.key)).toEqual([
      'skin_type',
      'interests',
      'pet_birthday',
      'preferred_store',
    ])
    const asked = await (await t.app.request('/api/register/fields')).json()
    expect(asked.fields.map((f: { key: string }) => f.key)).toEqual(['skin_type'])
  })

  it('refuses a registration missing a required field or with a wrong answer, writing nothing', async () => {
    const missing = await register('U5000000000000000000000000000f001', {})
    expect(missing.res.status).toBe(400)
    expect((await missing.res.json()).error).toMatchObject({ code: 'field_required', details: { field: 'skin_type' } })
    const wrong = await register('U5000000000000000000000000000f001', { skin_type: 'sandy' })
    expect((await wrong.res.json()).error.code).toBe('field_choice_invalid')
    const date = await register('U5000000000000000000000000000f001', { skin_type: 'dry', pet_birthday: '2024-02-30' })
    expect((await date.res.json()).error.code).toBe('field_date_invalid')
    const unknown = await register('U5000000000000000000000000000f001', { skin_type: 'dry', shoe_size: '24' })
    expect((await unknown.res.json()).error.code).toBe('field_unknown')
    const type = await register('U5000000000000000000000000000f001', { skin_type: 'dry', interests: 'hair' })
    expect((await type.res.json()).error.code).toBe('field_value_invalid')
    const long = await register('U5000000000000000000000000000f001', {
      skin_type: 'dry',
      preferred_store: 'あ'.repeat(101),
    })
    expect((await long.res.json()).error).toMatchObject({ code: 'field_text_too_long', details: { limit: 100 } })
    expect(await t.db.select().from(memberFieldAnswers)).toEqual([])
  })

  let hanako: number
  let taro: number
  let hanakoToken: string
  it('registers with answers in the registration’s batch; the member edits them (audited), not clearing a required one', async () => {
    const a = await register('U5000000000000000000000000000f002', {
      skin_type: 'dry',
      interests: ['makeup', 'hair'],
      pet_birthday: '2020-05-17',
    })
    expect(a.res.status).toBe(201)
    hanakoToken = a.token
    hanako = await memberOf(a.token)
    const b = await register('U5000000000000000000000000000f003', { skin_type: 'oily', preferred_store: '渋谷店' })
    taro = await memberOf(b.token)

    const mine = await (await t.app.request('/api/me/fields', bearer(hanakoToken))).json()
    expect(mine.answers).toEqual({
      skin_type: 'dry',
      interests: ['hair', 'makeup'],
      pet_birthday: '2020-05-17',
      preferred_store: null,
    })
    const clear = await api('/api/me/fields', 'PUT', { answers: { skin_type: null } }, hanakoToken)
    expect([clear.status, (await clear.json()).error.code]).toEqual([400, 'field_required'])
    const edit = await api(
      '/api/me/fields',
      'PUT',
      { answers: { interests: ['nail'], preferred_store: ' 新宿店 ' } },
      hanakoToken,
    )
    expect(edit.status).toBe(200)
    expect((await edit.json()).answers).toMatchObject({ interests: ['nail'], preferred_store: '新宿店' })
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.fields_updated'), eq(auditLog.target, `member:${hanako}`)))
    expect(entry).toMatchObject({
      actor: 'line:U5000000000000000000000000000f002',
      detail: {
        fields: ['interests', 'preferred_store'],
        before: { interests: ['hair', 'makeup'], preferred_store: [] },
        after: { interests: ['nail'], preferred_store: ['新宿店'] },
      },
    })
  })

  it('lets an admin read and correct answers (audited as staff), clearing a required one', async () => {
    const res = await api(`/api/admin/members/${taro}/fields`, 'PUT', {
      answers: { skin_type: null, interests: ['hair'] },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      changed: ['skin_type', 'interests'],
      answers: { skin_type: null, interests: ['hair'] },
    })
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.fields_updated'), eq(auditLog.target, `member:${taro}`)))
    expect(entry!.actor).toMatch(/^staff:\d+$/)
    await api(`/api/admin/members/${taro}/fields`, 'PUT', { answers: { skin_type: 'oily' } })
    const read = await (await api(`/api/admin/members/${taro}/fields`, 'GET')).json()
    expect(read.answers.skin_type).toBe('oily')
    expect((await api('/api/admin/members/999999/fields', 'PUT', { answers: {} })).status).toBe(404)
  })

  it('exports one column per active field', async () => {
    const text = await (await api('/api/admin/members/export.csv', 'GET')).text()
    const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, ''))
    const cols = header!.slice(-4)
    expect(cols).toEqual(['field.skin_type', 'field.interests', 'field.pet_birthday', 'field.preferred_store'])
    const row = rows.find((r) => r[1] === '項目 花子' && r.at(-2) === '2020-05-17')!
    expect(row.slice(-4)).toEqual(['dry', 'nail', '2020-05-17', '新宿店'])
  })

  it('counts segments on fields, and a scenario step’s condition uses the same filter', async () => {
    const count = async (fields: unknown) =>
      (await (await api('/api/admin/campaigns/segment-count', 'POST', { segment: { fields } })).json()).members
    expect(await count([{ key: 'skin_type', op: 'any_of', values: ['dry', 'mixed'] }])).toBe(1)
    expect(await count([{ key: 'interests', op: 'any_of', values: ['hair', 'nail'] }])).toBe(2)
    expect(await count([{ key: 'preferred_store', op: 'equals', value: '新宿店' }])).toBe(1)
    expect(await count([{ key: 'pet_birthday', op: 'date_between', from: '2020-01-01', to: '2020-12-31' }])).toBe(1)
    expect(await count([{ key: 'pet_birthday', op: 'month_in', months: [5] }])).toBe(1)
    expect(await count([{ key: 'pet_birthday', op: 'month_in', months: [6] }])).toBe(0)
    expect(
      await count([
        { key: 'skin_type', op: 'answered' },
        { key: 'interests', op: 'any_of', values: ['hair'] },
      ]),
    ).toBe(1)
    expect(await count([{ key: 'no_such', op: 'answered' }])).toBe(0)
    const bad = await api('/api/admin/campaigns/segment-count', 'POST', {
      segment: { fields: [{ key: 'x', op: 'like' }] },
    })
    expect(bad.status).toBe(400)

    const step = { fields: [{ key: 'skin_type', op: 'any_of' as const, values: ['oily'] }] }
    expect([...(await matchingMembers(t.db, [hanako, taro], step, t.clock.now))]).toEqual([taro])
  })

  it('refuses to delete a choice members hold, archives it instead, and keeps answers of an archived field', async () => {
    const fields = (await (await api('/api/admin/fields', 'GET')).json()).fields as { id: number; key: string }[]
    const skinId = fields.find((f) => f.key === 'skin_type')!.id
    const dropDry = await api(`/api/admin/fields/${skinId}`, 'PATCH', {
      choices: skin.choices.filter((c) => c.value !== 'dry'),
    })
    expect(await dropDry.json()).toMatchObject({ error: { code: 'field_choice_in_use', details: { values: ['dry'] } } })
    const dropMixed = await api(`/api/admin/fields/${skinId}`, 'PATCH', {
      choices: skin.choices.filter((c) => c.value !== 'mixed'),
    })
    expect(dropMixed.status).toBe(200)
    const archived = await api(`/api/admin/fields/${skinId}`, 'PATCH', {
      choices: [{ ...skin.choices[0], archived: true }, skin.choices[1]],
    })
    expect((await archived.json()).choices[0]).toMatchObject({ value: 'dry', archived: true })
    // Whoever holds the archived choice keeps it; nobody new can pick it.
    expect((await api('/api/me/fields', 'PUT', { answers: { skin_type: 'dry' } }, hanakoToken)).status).toBe(200)
    const fresh = await register('U5000000000000000000000000000f004', { skin_type: 'dry' })
    expect((await fresh.res.json()).error.code).toBe('field_choice_invalid')

    const petId = fields.find((f) => f.key === 'pet_birthday')!.id
    expect((await api(`/api/admin/fields/${petId}`, 'PATCH', { archived: true })).status).toBe(200)
    const mine = await (await t.app.request('/api/me/fields', bearer(hanakoToken))).json()
    expect(Object.keys(mine.answers)).not.toContain('pet_birthday')
    const held = await t.db.select().from(memberFieldAnswers).where(eq(memberFieldAnswers.fieldId, petId))
    expect(held).toHaveLength(1)
    const answerArchived = await api('/api/me/fields', 'PUT', { answers: { pet_birthday: '2021-01-01' } }, hanakoToken)
    expect((await answerArchived.json()).error.code).toBe('field_unknown')
  })

  it('reorders every field and refuses a partial order; only admins define fields', async () => {
    const ids = ((await (await api('/api/admin/fields', 'GET')).json()).fields as { id: number }[]).map((f) => f.id)
    const res = await api('/api/admin/fields/order', 'PUT', { ids: [...ids].reverse() })
    expect(((await res.json()).fields as { id: number }[]).map((f) => f.id)).toEqual([...ids].reverse())
    expect((await api('/api/admin/fields/order', 'PUT', { ids: ids.slice(1) })).status).toBe(404)
    expect((await api('/api/admin/fields', 'POST', { ...store, key: 'x' }, hanakoToken)).status).toBe(403)
  })

  it('includes the answers in the member’s data download and erases them when the membership is deleted', async () => {
    const data = await (await t.app.request('/api/me/export', bearer(hanakoToken))).json()
    expect(data.fieldAnswers).toMatchObject({ skin_type: ['dry'], interests: ['nail'] })
    const deleted = await api('/api/me/delete', 'POST', { confirm: true }, hanakoToken)
    expect(deleted.status).toBe(200)
    expect(await t.db.select().from(memberFieldAnswers).where(eq(memberFieldAnswers.memberId, hanako))).toEqual([])
  })
})
