import { beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '../../../server/data/api-keys'
import { defaultSettings } from '../../../server/data/settings'
import { memberNumberFor } from '../../../server/domain/member-number'
import { testAppPerSuite, type TestApp } from '../../support/test-app'

/** Refused in every free-text field. */
const refusedEverywhere = {
  NUL: '\u0000',
  BEL: '\u0007',
  ESC: '\u001b',
  'vertical tab': '\u000b',
  DEL: '\u007f',
  NEL: '\u0085',
  'C1 APC': '\u009f',
  'lone high surrogate': '\ud800',
  'lone low surrogate': '\udfff',
  'noncharacter U+FFFE': '\ufffe',
  'noncharacter U+FDD0': '\ufdd0',
  'noncharacter U+1FFFF': '\u{1ffff}',
  'right-to-left override': '\u202e',
  'first strong isolate': '\u2068',
}
/** Refused in one-line fields only. */
const lineBreaks = { tab: '\t', LF: '\n', CR: '\r' }

interface Row {
  field: string
  method: string
  url: string
  multiline?: boolean
  /** What the accepted body puts where the refused character went (default `・`, or lines where allowed). */
  clean?: string
  /** The status of the accepted body when it is not 200/201 (it passed validation, the handler said no). */
  accepted?: number
  auth: () => Promise<Record<string, string>>
  body: (text: string) => unknown
}

describe('free text in request bodies', () => {
  const t = testAppPerSuite()
  let apiKey: string
  let fresh = 0
  const newcomer = () => `U${(0xabc000 + ++fresh).toString(16).padStart(32, '0')}`
  // One session per person (the session exchange is rate limited per LINE user, as in production).
  const sessions = new Map<string, Promise<string>>()
  const session = (who: Parameters<TestApp['signIn']>[0]) => async () => {
    const key = typeof who === 'string' ? who : who.lineUserId
    if (!sessions.has(key)) sessions.set(key, t.signIn(who))
    return { authorization: `Bearer ${await sessions.get(key)!}` }
  }
  const admin = session('admin')
  const startsAt = '2026-12-24T18:00:00+09:00'

  const rows: Row[] = [
    {
      field: 'name',
      method: 'POST',
      url: '/api/register',
      auth: () => session({ lineUserId: newcomer() })(),
      body: (name) => ({
        name: `山${name}田`,
        nameKana: 'ヤマダ',
        birthday: '1990-01-01',
        phone: '090-1234-5678',
        prefecture: '東京都',
        marketingOptIn: false,
        termsVersion: policies.terms,
        privacyVersion: policies.privacy,
        agreed: true,
      }),
    },
    {
      field: 'birthday',
      method: 'POST',
      url: '/api/link',
      auth: session('newcomer'),
      clean: '',
      body: (text) => ({ memberNumber: memberNumberFor(2), birthday: `1985-04${text}-12` }),
    },
    {
      field: 'reason',
      method: 'POST',
      url: '/api/admin/members/1/adjust',
      auth: admin,
      body: (text) => ({ points: 10, reason: `調整${text}です`, idempotencyKey: `adjust-${++fresh}-key` }),
    },
    {
      field: 'name',
      method: 'POST',
      url: '/api/admin/api-keys',
      auth: admin,
      body: (text) => ({ name: `予約${text}システム` }),
    },
    {
      field: 'name',
      method: 'POST',
      url: '/api/admin/campaigns',
      auth: admin,
      body: (text) => ({ name: `冬${text}セール`, segment: {}, content: { template: 'text', text: 'こんにちは' } }),
    },
    {
      field: 'content.text',
      method: 'POST',
      url: '/api/admin/campaigns',
      multiline: true,
      auth: admin,
      body: (text) => ({
        name: '冬セール',
        segment: {},
        content: { template: 'text', text: `こんにちは${text}セールです` },
      }),
    },
    {
      field: 'content.title',
      method: 'POST',
      url: '/api/admin/campaigns/preview',
      auth: admin,
      body: (text) => ({ content: { template: 'news', title: `お知らせ${text}です`, body: '本文' } }),
    },
    {
      field: 'ranks.1.label',
      method: 'PUT',
      url: '/api/admin/settings',
      auth: admin,
      body: (text) => ({
        ranks: defaultSettings.ranks.map((r, i) => (i === 1 ? { ...r, label: `シル${text}バー` } : r)),
      }),
    },
    {
      field: 'rules.0.template',
      method: 'PUT',
      url: '/api/admin/settings/reminder-rules',
      multiline: true,
      auth: admin,
      body: (text) => ({
        rules: [{ kind: 'reservation', offset: 60, template: `ご予約${text}お待ちしています`, enabled: true }],
      }),
    },
    {
      field: 'name',
      method: 'POST',
      url: '/api/admin/stores',
      auth: admin,
      body: (text) => ({ code: `store-${++fresh}`, name: `新宿${text}店` }),
    },
    {
      field: 'address',
      method: 'POST',
      url: '/api/admin/stores',
      auth: admin,
      body: (text) => ({ code: `store-${++fresh}`, name: '新宿店', address: `東京都${text}新宿区` }),
    },
    {
      field: 'menu',
      method: 'POST',
      url: '/api/admin/reservations',
      auth: admin,
      body: (text) => ({ memberId: 1, storeId: 1, startsAt, menu: `カット${text}カラー` }),
    },
    {
      field: 'note',
      method: 'PATCH',
      url: '/api/admin/reservations/1',
      multiline: true,
      auth: admin,
      body: (text) => ({ note: `窓際${text}希望` }),
    },
    {
      field: 'storeCode',
      method: 'PUT',
      url: '/api/integration/reservations/ext-1',
      auth: async () => ({ authorization: `Bearer ${apiKey}` }),
      clean: '',
      body: (text) => ({ memberNumber: memberNumberFor(1), storeCode: `shibuya${text}`, startsAt }),
    },
    {
      field: 'title',
      method: 'POST',
      url: '/api/admin/coupons',
      auth: admin,
      body: (text) => ({ title: `100円${text}引き`, benefitKind: 'discount_yen', benefitValue: 100 }),
    },
    {
      field: 'terms',
      method: 'POST',
      url: '/api/admin/coupons',
      multiline: true,
      auth: admin,
      body: (text) => ({
        title: '100円引き',
        terms: `お一人様${text}一回`,
        benefitKind: 'discount_yen',
        benefitValue: 100,
      }),
    },
    {
      field: 'freeItem',
      method: 'PUT',
      url: '/api/admin/coupons/1',
      auth: admin,
      body: (text) => ({ title: 'ドリンク無料', benefitKind: 'free_item', freeItem: `コー${text}ヒー` }),
    },
    {
      field: 'reason',
      method: 'POST',
      url: '/api/staff/transactions/1/reverse',
      auth: admin,
      accepted: 200, // the seed's first lot, partly used, is reversed with a shortfall; the reason got through
      body: (text) => ({ reason: `誤${text}入力`, idempotencyKey: `reverse-${++fresh}-key` }),
    },
  ]
  const policies = { terms: '', privacy: '' }

  beforeAll(async () => {
    apiKey = (await createApiKey(t.db, 'booking system', 'test')).key
    const current = (await (await t.app.request('/api/register/policies')).json()) as Record<
      string,
      { version: string }
    >
    policies.terms = current.terms!.version
    policies.privacy = current.privacy!.version
  })

  const send = async (row: Row, text: string) =>
    t.app.request(row.url, {
      method: row.method,
      headers: { ...(await row.auth()), 'content-type': 'application/json' },
      body: JSON.stringify(row.body(text)),
    })

  it('answers 400 control_characters with the field path for every refused character in every field', async () => {
    for (const row of rows) {
      const refused = row.multiline ? refusedEverywhere : { ...refusedEverywhere, ...lineBreaks }
      for (const [what, ch] of Object.entries(refused)) {
        const res = await send(row, ch)
        const body = (await res.json()) as { error: { code: string; details?: { path: string; code?: string }[] } }
        expect([row.method, row.url, row.field, what, res.status, body.error?.code]).toEqual([
          row.method,
          row.url,
          row.field,
          what,
          400,
          'control_characters',
        ])
        expect(body.error.details).toContainEqual(
          expect.objectContaining({ path: row.field, code: 'control_characters' }),
        )
      }
    }
  })

  it('accepts the same bodies with ordinary text, and tabs and line breaks where a field has lines', async () => {
    for (const row of rows) {
      const res = await send(row, row.clean ?? (row.multiline ? '\r\n\t・' : '・'))
      expect([row.method, row.url, row.field, res.status]).toEqual([
        row.method,
        row.url,
        row.field,
        row.accepted ?? expect.toBeOneOf([200, 201]),
      ])
    }
  })
})
