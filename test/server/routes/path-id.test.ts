import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, testAppPerSuite } from '../../support/test-app'

interface Parameter {
  name: string
  in: string
  schema?: { pattern?: string }
}
type Operations = Record<string, { parameters?: Parameter[] }>

/** Spellings that `Number()` or `parseInt` would read as 1 (or as some id), none of them canonical. */
const looseForms = ['0x1', '%201', '1%20', '1e0', '01', '+1', '1.0', '0', '-1', '0b1', '１', '9007199254740993']

describe('path ids', () => {
  const t = testAppPerSuite()
  let admin: string
  let paths: Record<string, Operations>
  beforeAll(async () => {
    admin = await t.signIn('admin')
    paths = ((await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Operations> }).paths
  })

  const idRoutes = () =>
    Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, op]) => {
        // `externalId` is a booking system's own id (free text), `orderId`, `cartId` and `itemId` the EC site's (free
        // text), `webhookEventId` LINE's (a ULID) and `forwardId` a UUID made before its row is written: not row ids.
        const ids = (op.parameters ?? []).filter(
          (p) =>
            p.in === 'path' &&
            /^id$|Id$/.test(p.name) &&
            !['externalId', 'orderId', 'cartId', 'itemId', 'webhookEventId', 'forwardId'].includes(p.name),
        )
        return ids.length > 0 ? [{ method: method.toUpperCase(), path, ids }] : []
      }),
    )

  it('describes every id in a path as canonical decimal in the OpenAPI document', () => {
    const routes = idRoutes()
    expect(routes.length).toBeGreaterThanOrEqual(15)
    for (const { method, path, ids } of routes) {
      for (const id of ids)
        expect([method, path, id.name, id.schema?.pattern]).toEqual([method, path, id.name, '^[1-9][0-9]*$'])
    }
  })

  it('answers 400 invalid_id to every loose spelling of an id on every route with an id in its path', async () => {
    for (const { method, path, ids } of idRoutes()) {
      for (const form of looseForms) {
        const url = ids.reduce((p, id) => p.replace(`{${id.name}}`, form), path)
        const res = await t.app.request(url, {
          method,
          headers: { ...bearer(admin).headers, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : '{}',
        })
        const body = (await res.json()) as { error: { code: string; details?: { path: string }[] } }
        expect([method, url, res.status, body.error.code]).toEqual([method, url, 400, 'invalid_id'])
        expect(body.error.details?.map((d) => d.path)).toEqual(ids.map((id) => id.name))
      }
    }
  })

  it('still reads a canonical id', async () => {
    const res = await t.app.request('/api/admin/members/1', bearer(admin))
    expect(res.status).toBe(200)
    const missing = await t.app.request('/api/admin/campaigns/9007199254740991', bearer(admin))
    expect(missing.status).toBe(404)
  })

  it('reads a store id in the reservations query just as strictly', async () => {
    const loose = await t.app.request('/api/admin/reservations?storeId=0x1', bearer(admin))
    expect(loose.status).toBe(400)
    expect(((await loose.json()) as { error: { code: string } }).error.code).toBe('invalid_id')
    const canonical = await t.app.request('/api/admin/reservations?storeId=1', bearer(admin))
    expect(canonical.status).toBe(200)
  })
})
