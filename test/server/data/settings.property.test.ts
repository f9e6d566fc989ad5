import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultSettings, shopSettingsSchema } from '../../../server/data/settings'
import { signedInTestApp, type TestApp } from '../../support/test-app'

/** Values near and far from valid: any JSON, or a field of the right shape with a value that may be off. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -2, max: 200_000 }),
  fc.constantFrom(0, 1, 30, 0.5, -1, Infinity, Number.NaN, '', 'floor', '21:00', '24:00', null, [], {}),
)
const rank = fc.record(
  {
    key: fc.oneof(fc.constantFrom('regular', 'silver', 'Gold', ''), fc.string({ maxLength: 4 }), anyValue),
    label: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('シルバー', 'a\u0000b', ''), anyValue),
    minSpend: fc.oneof(fc.integer({ min: -1, max: 200_000 }), anyValue),
    pointsPer100Yen: fc.oneof(fc.double({ min: -1, max: 101, noNaN: true }), anyValue),
  },
  { requiredKeys: [] },
)
const settingsBody = fc.record(
  {
    ranks: fc.oneof(fc.array(rank, { maxLength: 4 }), anyValue),
    points: fc.oneof(
      fc.record(
        {
          validityDays: fc.oneof(fc.integer({ min: 0, max: 4000 }), anyValue),
          redeemUnit: fc.oneof(fc.integer({ min: 0, max: 20_000 }), anyValue),
          rounding: fc.oneof(fc.constantFrom('floor', 'round', 'ceil', 'up'), anyValue),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    checkout: fc.oneof(
      fc.record(
        { dailyEarnCap: anyValue, maxPurchaseAmount: anyValue, alertReversalsPerHour: anyValue },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
    messaging: fc.oneof(
      fc.record(
        {
          quietHours: fc.oneof(fc.record({ start: anyValue, end: anyValue }, { requiredKeys: [] }), anyValue),
          expiryWarningDays: anyValue,
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
)

describe('shop settings validation', () => {
  it('never throws, and names the path of every problem, for any body', () => {
    fc.assert(
      fc.property(fc.oneof(settingsBody, fc.jsonValue()), (body) => {
        const result = shopSettingsSchema.partial().safeParse(body)
        for (const issue of result.error?.issues ?? []) {
          if (typeof body === 'object' && body !== null && !Array.isArray(body)) expect(issue.path.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses an empty rank list, a first rank above 0, spends out of order and a repeated key, at the bad field', () => {
    const [regular, silver, gold] = defaultSettings.ranks as [
      (typeof defaultSettings.ranks)[0],
      (typeof defaultSettings.ranks)[0],
      (typeof defaultSettings.ranks)[0],
    ]
    const paths = (ranks: unknown) =>
      shopSettingsSchema
        .partial()
        .safeParse({ ranks })
        .error?.issues.map((i) => i.path.join('.'))
    expect(paths([])).toEqual(['ranks'])
    expect(paths([{ ...regular, minSpend: 10 }])).toEqual(['ranks.0.minSpend'])
    expect(paths([regular, gold, silver])).toEqual(['ranks.2.minSpend'])
    expect(paths([regular, { ...silver, key: 'regular' }])).toEqual(['ranks.1.key'])
    expect(paths([regular, silver, gold])).toBeUndefined()
  })

  describe('PUT /api/admin/settings', () => {
    let t: TestApp
    let admin: string
    beforeAll(async () => void ({ t, session: admin } = await signedInTestApp('admin')))
    afterAll(() => t.close())

    it('answers 200, or 400 with a code and the path of each bad field, never 500', async () => {
      await fc.assert(
        fc.asyncProperty(settingsBody, async (body) => {
          const res = await t.app.request('/api/admin/settings', {
            method: 'PUT',
            headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
          expect([200, 400]).toContain(res.status)
          if (res.status === 400) {
            const { error } = (await res.json()) as { error: { code: string; details: { path: string }[] } }
            expect(error.code).toMatch(/^[a-z_]+$/)
            expect(error.details.length).toBeGreaterThan(0)
            for (const problem of error.details) expect(problem.path).not.toBe('')
          }
        }),
        { numRuns: 150 },
      )
      const empty = await t.app.request('/api/admin/settings', {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ranks: [] }),
      })
      expect(empty.status).toBe(400)
      expect(await empty.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ path: 'ranks' }] } })
    })
  })
})
