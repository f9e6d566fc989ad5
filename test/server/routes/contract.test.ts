// The contract check of test/support/contract-check.ts: it catches answers that break their route's schema, and
// every app the route tests make runs it.
import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { createRouter, errorResponse, jsonResponse } from '../../../server/openapi'
import { checkContract, newContractRecord, settled, suiteContract } from '../../support/contract-check'
import { memberNumberFor } from '../../../server/domain/member-number'
import { ecSite, towel } from '../../support/commerce'
import { bearer, createTestApp } from '../../support/test-app'

const Thing = z.object({ id: z.number(), name: z.string() })

/** An app whose one route answers whatever body and status the test asks for. */
function appAnswering(body: unknown, status: number) {
  const route = createRoute({
    method: 'get',
    path: '/things/{id}',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: jsonResponse('A thing', Thing), 404: errorResponse('No such thing') },
  })
  const app = createRouter().openapi(route, (c) => c.json(body as never, status as never))
  const router = createRouter()
  router.route('/api', app)
  const record = newContractRecord()
  checkContract(router, record)
  return { app: router, record }
}

async function violationsOf(body: unknown, status: number) {
  const { app, record } = appAnswering(body, status)
  await app.request('/api/things/7')
  await settled(record)
  return record
}

describe('contract check', () => {
  it('passes an answer that follows the schema of its route and status', async () => {
    const record = await violationsOf({ id: 7, name: 'seven' }, 200)
    expect(record).toMatchObject({ checked: 1, violations: [] })
  })

  it('records an answer whose body breaks its route’s schema, naming the route and the field', async () => {
    const record = await violationsOf({ id: '7', name: 'seven' }, 200)
    expect(record.checked).toBe(1)
    expect(record.violations).toHaveLength(1)
    expect(record.violations[0]).toMatch(/^GET \/api\/things\/7 → 200 \(\/api\/things\/\{id\}\): id: /)
  })

  it('records a success status the route does not declare', async () => {
    const record = await violationsOf({ id: 7, name: 'seven' }, 201)
    expect(record.violations).toEqual([
      'GET /api/things/7 → 201 (/api/things/{id}): no response schema declared for this status',
    ])
  })

  it('holds an error status the route does not declare to the app’s error body', async () => {
    expect((await violationsOf({ error: { code: 'gone', message: 'Gone' } }, 410)).violations).toEqual([])
    expect((await violationsOf({ message: 'Gone' }, 410)).violations).toHaveLength(1)
  })

  it('runs on every answer of an app made by createTestApp', async () => {
    const t = await createTestApp()
    try {
      const before = suiteContract.checked
      const token = await t.signIn('customer')
      expect((await t.app.request('/api/card', bearer(token))).status).toBe(200)
      expect((await t.app.request('/api/card/nowhere', bearer(token))).status).toBe(404)
      await settled(suiteContract)
      expect(suiteContract.checked - before).toBe(3)
    } finally {
      await t.close()
    }
  })

  it('checks the EC integration routes’ answers, refusals included, against their schemas', async () => {
    const t = await createTestApp()
    try {
      const ec = await ecSite(t)
      const before = suiteContract.checked
      const customer = { memberNumber: memberNumberFor(1) }
      expect((await ec.order('EC-c', { event: 'placed', customer, totalYen: 100 })).status).toBe(201)
      expect((await ec.order('EC-c', { event: 'placed', customer, totalYen: 100 })).status).toBe(200)
      expect((await ec.order('EC-c', { event: 'placed', customer: { memberNumber: '0000000000' } })).status).toBe(404)
      expect((await ec.cart('cart-c', { event: 'updated', customer, items: [towel] })).status).toBe(200)
      expect((await ec.save('towel', { customer, item: towel })).status).toBe(200)
      expect((await ec.itemEvent('towel', { kind: 'restock', eventId: 'e1', item: towel })).status).toBe(201)
      const doc = await (await t.app.request('/api/openapi.json')).json()
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/integration/orders/{orderId}/events',
          '/api/integration/carts/{cartId}',
          '/api/integration/items/{itemId}/saved',
          '/api/integration/items/{itemId}/events',
          '/api/admin/trigger-templates/{kind}',
        ]),
      )
      await settled(suiteContract)
      expect(suiteContract.checked - before).toBe(7)
      expect(suiteContract.violations).toEqual([])
    } finally {
      await t.close()
    }
  })
})
