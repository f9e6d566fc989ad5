// Hostile input on every route of the OpenAPI document that takes a JSON body or a query: each answer is a 4xx with
// the app's error body and a stable code (never a 5xx, never a 2xx for input its schema refuses), and a refused write
// leaves no trace.
import type { z } from '@hono/zod-openapi'
import { count } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  auditLog,
  couponRedemptions,
  coupons,
  ledgerAllocations,
  memberCoupons,
  pointLedger,
  settings,
  stores,
} from '../../../db/schema'
import { createApiKey } from '../../../server/data/api-keys'
import { apiScopes } from '../../../server/domain/api-scopes'
import { memberNumberFor } from '../../../server/domain/member-number'
import {
  hostileQueryValues,
  hostileValues,
  minimalValue,
  notAnObject,
  resolve,
  bodiesToSweep,
  deepArray,
  placesIn,
  withValueAt,
  wrongType,
  type JsonSchema,
} from '../../support/hostile-input'
import { testAppPerSuite } from '../../support/test-app'

interface Parameter {
  name: string
  in: string
  required?: boolean
  schema: JsonSchema
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
  responses: Record<string, { description?: string }>
  security?: Record<string, string[]>[]
}
interface Document {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, JsonSchema> }
}

type Caller = 'public' | 'apiKey' | 'customer' | 'newcomer' | 'staff' | 'admin'

/** One operation of the document as the sweep calls it. */
interface Target {
  method: string
  path: string
  /** The path with its parameters filled with values that exist (member 1, store 1, the first kind). */
  url: string
  caller: Caller
  body?: { schema: z.ZodType; json: JsonSchema; base: Record<string, unknown> }
  query?: { schema: z.ZodType; params: Parameter[]; base: Record<string, string> }
  /** Header parameters the route reads itself (an integration's `Idempotency-Key`). */
  headers: Parameter[]
}

/** A request of the sweep and what its answer may be. */
interface Probe {
  target: Target
  what: string
  url: string
  body?: string
  /** Headers in place of the usual ones (`content-type: application/json` for a body); null leaves one out. */
  headers?: Record<string, string | null>
  /** The route's own schema refuses this input, or every route must: the answer is a 4xx. Otherwise never a 5xx. */
  mustBeRefused: boolean
}

const member = memberNumberFor(1)
const item = { name: 'Towel', priceYen: 1200, url: 'https://shop.example/towel' }

/** Bodies the builder cannot make from the document alone (zod refinements it does not state). */
const baseBodies: Record<string, Record<string, unknown>> = {
  'POST /api/staff/checkout/earn': { memberNumber: member, purchaseAmount: 1000, idempotencyKey: 'hostile-earn' },
  'POST /api/staff/checkout/redeem': { memberNumber: member, points: 1, idempotencyKey: 'hostile-redeem' },
  'PUT /api/integration/items/{itemId}/saved': { customer: { memberNumber: member }, item },
  'POST /api/integration/items/{itemId}/events': { kind: 'restock', eventId: 'hostile-1', item },
  'POST /api/integration/purchases': { memberNumber: member, amount: 1000, storeCode: 'shibuya', receiptId: 'h-1' },
  'POST /api/integration/purchases/redeem': { memberNumber: member, points: 1, storeCode: 'shibuya', receiptId: 'h-2' },
  'POST /api/integration/purchases/return': { receiptId: 'h-1' },
  'POST /api/integration/purchases/lookup': { memberNumber: member },
  'POST /api/link': { memberNumber: member, birthday: '1990-07-15' },
  'POST /api/register': {
    name: '佐藤 健',
    nameKana: 'サトウ ケン',
    birthday: '1990-07-15',
    phone: '090-1234-5678',
    prefecture: '北海道',
    marketingOptIn: false,
    termsVersion: '1',
    privacyVersion: '1',
    agreed: true,
  },
  'POST /api/admin/coupons': { title: 'Hostile', benefitKind: 'discount_yen', benefitValue: 100 },
  'PUT /api/admin/coupons/{id}': { title: 'Hostile', benefitKind: 'discount_yen', benefitValue: 100 },
}

/** Query values a route needs to answer at once (`wait=0`: the card's long-poll would hold the request). */
const baseQueries: Record<string, Record<string, string>> = {
  'GET /api/card/changes': { since: '0', wait: '0' },
}

/** Who may call an operation, from its security and the 403 its guard declares (server/routes/guarded-routes.ts). */
function callerOf(method: string, path: string, op: Operation): Caller {
  const scheme = Object.keys(op.security?.[0] ?? {})[0]
  if (!scheme) return 'public'
  if (scheme === 'apiKey') return 'apiKey'
  const refused = op.responses['403']?.description ?? ''
  if (/Admins only|manager or admin/.test(refused)) return 'admin'
  if (/Not staff/.test(refused)) return 'staff'
  // Registering, linking and joining as staff are for a LINE user who is none of those yet.
  if (/^\/api\/(register|link|staff\/join)$/.test(path)) return 'newcomer'
  return 'customer'
}

function pathValue(p: Parameter): string {
  if (p.schema.enum) return String(p.schema.enum[0])
  if (p.name === 'memberNumber') return memberNumberFor(1)
  if (p.schema.pattern === '^[1-9][0-9]*$') return '1'
  return 'fuzz-1'
}

/** Answers of the guards in front of a route (session, role, API key, request limits): the input never reached it. */
const guardCodes = [
  'unauthorized',
  'session_expired',
  'api_key_required',
  'bad_api_key',
  'not_staff',
  'role_required',
  'not_linked',
  'rate_limited',
  'api_key_scope_missing',
]

/** Operations that end the caller's membership: only inputs their schema refuses are sent, so the sweep goes on. */
const destructive = ['POST /api/me/delete']

describe('hostile input', () => {
  const t = testAppPerSuite()
  let targets: Target[]
  /** Operations with a path parameter that is not a row id (a tag's name, a legal document's kind, an order's id). */
  let named: { target: Target; params: Parameter[]; schema: z.ZodType }[]
  let components: Record<string, JsonSchema>
  let apiKey: string
  const tokens = new Map<Caller, { token: string; at: number }>()

  async function authorization(caller: Caller): Promise<Record<string, string>> {
    if (caller === 'public') return {}
    if (caller === 'apiKey') return { authorization: `Bearer ${apiKey}` }
    const kept = tokens.get(caller)
    // Sessions last 30 minutes and the sweep moves the clock on (see `send`): a fresh one every 20 minutes.
    if (!kept || t.clock.now.getTime() - kept.at > 20 * 60_000) {
      tokens.set(caller, { token: await t.signIn(caller), at: t.clock.now.getTime() })
    }
    return { authorization: `Bearer ${tokens.get(caller)!.token}` }
  }

  beforeAll(async () => {
    apiKey = (await createApiKey(t.db, 'hostile input', 'test', { scopes: [...apiScopes], rateTier: 'high' })).key
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as Document
    components = doc.components.schemas
    // The zod schemas the routes validate with, to tell which hostile inputs they must refuse.
    const routes = new Map<string, { body?: z.ZodType; query?: z.ZodType; params?: z.ZodType }>()
    for (const def of t.app.openAPIRegistry.definitions) {
      if (def.type !== 'route') continue
      const request = def.route.request
      routes.set(`${def.route.method.toUpperCase()} ${def.route.path}`, {
        body: (request?.body?.content?.['application/json'] as { schema?: z.ZodType } | undefined)?.schema,
        query: request?.query as z.ZodType | undefined,
        params: request?.params as z.ZodType | undefined,
      })
    }
    targets = []
    named = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const key = `${method.toUpperCase()} ${path}`
        const zod = routes.get(key)
        const json = op.requestBody?.content['application/json']?.schema
        const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query')
        const url = (op.parameters ?? [])
          .filter((p) => p.in === 'path')
          .reduce((u, p) => u.replace(`{${p.name}}`, encodeURIComponent(pathValue(p))), path)
        const target: Target = {
          method: method.toUpperCase(),
          path,
          url,
          caller: callerOf(method.toUpperCase(), path, op),
          headers: (op.parameters ?? []).filter((p) => p.in === 'header'),
        }
        const names = (op.parameters ?? []).filter((p) => p.in === 'path' && p.schema.pattern !== '^[1-9][0-9]*$')
        if (names.length > 0 && zod?.params) named.push({ target, params: names, schema: zod.params })
        if (!json && queryParams.length === 0) continue
        if (json && zod?.body) {
          const base = baseBodies[key] ?? (minimalValue(json, components) as Record<string, unknown>)
          target.body = { schema: zod.body, json: resolve(json, components), base }
        }
        if (queryParams.length > 0 && zod?.query) {
          const base: Record<string, string> = {}
          for (const p of queryParams) if (p.required) base[p.name] = String(minimalValue(p.schema, components))
          target.query = { schema: zod.query, params: queryParams, base: { ...base, ...baseQueries[key] } }
        }
        targets.push(target)
      }
    }
  })

  const safeDecode = (value: string) => {
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }

  const refusedBy = async (schema: z.ZodType, value: unknown) => !(await schema.safeParseAsync(value)).success

  function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(text) }
    } catch {
      return { ok: false }
    }
  }

  async function bodyProbe(target: Target, what: string, text: string, refusedEverywhere = false): Promise<Probe> {
    const json = parsed(text)
    const mustBeRefused = refusedEverywhere || !json.ok || (await refusedBy(target.body!.schema, json.value))
    const query = new URLSearchParams(target.query?.base ?? {}).toString()
    return { target, what, url: query ? `${target.url}?${query}` : target.url, body: text, mustBeRefused }
  }

  /** Sends `probes` a few at a time, each target's with a clock moved past every request limit; the failures. */
  async function send(all: Probe[]): Promise<string[]> {
    const failures: string[] = []
    const probes = all.filter((p) => p.mustBeRefused || !destructive.includes(`${p.target.method} ${p.target.path}`))
    for (const target of new Set(probes.map((p) => p.target))) {
      const ofTarget = probes.filter((p) => p.target === target)
      for (let i = 0; i < ofTarget.length; i += 16) {
        // Past every per-minute limit (the card's long-poll allows 30 a user), so each answer is the route's own.
        t.clock.advance(61_000)
        const headers = {
          ...(await authorization(target.caller)),
          ...(target.body ? { 'content-type': 'application/json' } : {}),
        }
        const answers = await Promise.all(
          ofTarget.slice(i, i + 16).map(async (probe) => {
            const sent = Object.entries({ ...headers, ...probe.headers }).filter(([, v]) => v !== null)
            const res = await t.app.request(probe.url, {
              method: target.method,
              headers: Object.fromEntries(sent) as Record<string, string>,
              body: probe.body,
            })
            return { probe, status: res.status, text: await res.text() }
          }),
        )
        for (const { probe, status, text } of answers) {
          const problem = problemWith(probe, status, text)
          if (problem) failures.push(`${target.method} ${target.path} ${probe.what} → ${status}: ${problem}`)
        }
      }
    }
    await t.settle()
    return failures
  }

  function problemWith(probe: Probe, status: number, text: string): string | undefined {
    if (status >= 500) return text.slice(0, 300)
    if (status < 400) return probe.mustBeRefused ? 'accepted input it must refuse' : undefined
    const body = parsed(text)
    const code = body.ok ? (body.value as { error?: { code?: unknown } } | null)?.error?.code : undefined
    if (typeof code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(code))
      return `no stable error code: ${text.slice(0, 300)}`
    if (guardCodes.includes(code)) return `stopped before the route: ${code}`
    return undefined
  }

  const pollution = { name: 'pollution', json: '{"polluted":true,"prototype":{"polluted":true}}' }
  const bodyTargets = () => targets.filter((target) => target.body)

  it('builds a body its own schema accepts for every operation that takes JSON', async () => {
    const refused = []
    for (const target of bodyTargets())
      if (await refusedBy(target.body!.schema, target.body!.base)) refused.push(`${target.method} ${target.path}`)
    expect(refused).toEqual([])
    expect(bodyTargets().length).toBeGreaterThanOrEqual(60)
  })

  it('states a bound for every string, array and map a request body takes', () => {
    const unbounded: string[] = []
    const walk = (
      schema: JsonSchema & { additionalProperties?: unknown; maxProperties?: number },
      at: string,
      depth: number,
    ) => {
      const s = resolve(schema, components) as typeof schema
      if (depth > 8) return
      for (const option of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(option, at, depth + 1)
      const types = [s.type ?? []].flat()
      if (types.includes('string') && s.maxLength === undefined && !s.enum && !s.pattern && !s.format)
        unbounded.push(at)
      if (types.includes('array') && (s as { maxItems?: number }).maxItems === undefined) unbounded.push(at)
      const map = typeof s.additionalProperties === 'object' ? (s.additionalProperties as JsonSchema) : undefined
      if (map && s.maxProperties === undefined) unbounded.push(`${at}.*`)
      for (const [key, child] of Object.entries(s.properties ?? {})) walk(child, `${at}.${key}`, depth + 1)
      if (s.items) walk(s.items, `${at}.0`, depth + 1)
      if (map) walk(map, `${at}.*`, depth + 1)
    }
    for (const target of bodyTargets()) walk(target.body!.json, `${target.method} ${target.path}`, 0)
    expect(unbounded).toEqual([])
  })

  it('answers a 4xx with a stable code to a body that is not a JSON object, or not sent as JSON, on every route', async () => {
    const probes = await Promise.all(
      bodyTargets().flatMap((target) => notAnObject.map((h) => bodyProbe(target, h.name, h.json))),
    )
    // A valid body under another media type, or none: the JSON API reads only JSON (415).
    for (const target of bodyTargets())
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
        const probe = await bodyProbe(target, `sent as ${type}`, JSON.stringify(target.body!.base), true)
        probes.push({ ...probe, headers: { 'content-type': type } })
      }
    expect(probes.every((p) => p.mustBeRefused)).toBe(true)
    expect(await send(probes)).toEqual([])
  })

  it('answers a 4xx with a stable code to each property of a valid body made hostile, on every route', async () => {
    const probes: Promise<Probe>[] = []
    for (const target of bodyTargets()) {
      const { json, base } = target.body!
      for (const body of bodiesToSweep(base, json, components))
        for (const { place, schema } of body.places)
          for (const hostile of [wrongType(schema, components), ...hostileValues]) {
            const text = withValueAt(body.base, place, hostile, json, components)
            probes.push(bodyProbe(target, `${place.join('.')}: ${hostile.name}`, text, hostile.refusedEverywhere))
          }
      const [first] = placesIn(json, components)
      if (first)
        probes.push(
          bodyProbe(
            target,
            `${first.place.join('.')}: ${deepArray.name}`,
            withValueAt(base, first.place, deepArray, json, components),
          ),
        )
      for (const key of ['__proto__', 'constructor'])
        probes.push(bodyProbe(target, `top-level ${key}`, withValueAt(base, [key], pollution, json, components)))
    }
    const all = await Promise.all(probes)
    expect(all.length).toBeGreaterThan(5000)
    const failures = await send(all)
    expect(failures).toEqual([])
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('answers a 4xx with a stable code to each query parameter made hostile or repeated, on every route', async () => {
    const probes: Probe[] = []
    const queryTargets = targets.filter((target) => target.query)
    for (const target of queryTargets) {
      const { schema, params, base } = target.query!
      const search = (entries: [string, string][]) =>
        `${target.url}?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`
      for (const p of params) {
        const others = Object.entries(base).filter(([k]) => k !== p.name)
        for (const hostile of hostileQueryValues) {
          const url = search([...others, [p.name, hostile.encoded]])
          const query = Object.fromEntries(new URL(url, 'http://x').searchParams)
          probes.push({
            target,
            what: `${p.name}: ${hostile.name}`,
            url,
            mustBeRefused: hostile.refusedEverywhere ?? (await refusedBy(schema, query)),
          })
        }
        const value = base[p.name] ?? String(minimalValue(p.schema, components))
        const twice = search([...others, [p.name, value], [p.name, value]])
        probes.push({ target, what: `${p.name} repeated`, url: twice, mustBeRefused: false })
      }
    }
    expect(queryTargets.length).toBeGreaterThanOrEqual(12)
    expect(await send(probes)).toEqual([])
  })

  it('answers a 4xx with a stable code to each header parameter made hostile, on every route', async () => {
    // Header values are bytes (no NUL, no line breaks get through fetch); each of these breaks the key's pattern.
    const values = {
      short: 'k',
      'very long': 'k'.repeat(8_000),
      spaces: 'key with spaces',
      'Latin-1': 'ÿÿÿÿÿÿÿÿ',
      list: 'key-0001, key-0002',
    }
    const probes: Probe[] = []
    for (const target of targets.filter((candidate) => candidate.headers.length > 0))
      for (const header of target.headers)
        for (const [name, value] of Object.entries(values)) {
          const probe = await bodyProbe(target, `${header.name}: ${name}`, JSON.stringify(target.body!.base), true)
          probes.push({ ...probe, headers: { [header.name]: value } })
        }
    expect(probes.length).toBeGreaterThanOrEqual(15)
    expect(await send(probes)).toEqual([])
  })

  it('answers a 4xx with a stable code to each path parameter that is not a row id made hostile', async () => {
    const probes: Probe[] = []
    for (const { target, params, schema } of named)
      for (const p of params)
        for (const hostile of hostileQueryValues) {
          const values = Object.fromEntries(params.map((q) => [q.name, pathValue(q)]))
          const url = Object.entries({ ...values, [p.name]: hostile.encoded }).reduce(
            (u, [name, value]) => u.replace(`{${name}}`, name === p.name ? value : encodeURIComponent(value)),
            target.path,
          )
          const decoded = Object.fromEntries(
            Object.entries({ ...values, [p.name]: hostile.encoded }).map(([k, v]) => [k, safeDecode(v)]),
          )
          const mustBeRefused = hostile.refusedEverywhere ?? (await refusedBy(schema, decoded))
          const body = target.body ? JSON.stringify(target.body.base) : undefined
          probes.push({ target, what: `{${p.name}}: ${hostile.name}`, url, body, mustBeRefused })
        }
    expect(named.length).toBeGreaterThanOrEqual(10)
    expect(await send(probes)).toEqual([])
  })

  it('writes nothing for a refused write: the audit log, the ledgers, the coupons, stores and settings unchanged', async () => {
    const writes = [
      'POST /api/staff/checkout/earn',
      'POST /api/staff/checkout/redeem',
      'POST /api/admin/coupons/{id}/issue',
      'POST /api/admin/stores',
      'PUT /api/admin/settings',
      'POST /api/integration/purchases',
      'POST /api/admin/members/{id}/adjust',
      'POST /api/admin/coupons',
    ]
    const rows = async () => {
      const tables = {
        auditLog,
        pointLedger,
        ledgerAllocations,
        coupons,
        memberCoupons,
        couponRedemptions,
        stores,
        settings,
      }
      const counts: Record<string, number> = {}
      for (const [name, table] of Object.entries(tables))
        counts[name] = (await t.db.select({ n: count() }).from(table))[0]!.n
      return counts
    }
    const probes: Probe[] = []
    for (const key of writes) {
      const target = targets.find((candidate) => `${candidate.method} ${candidate.path}` === key)!
      const { json, base } = target.body!
      for (const { place, schema } of placesIn(json, components))
        for (const hostile of [wrongType(schema, components), ...hostileValues]) {
          const text = withValueAt(base, place, hostile, json, components)
          const probe = await bodyProbe(target, `${place.join('.')}: ${hostile.name}`, text)
          if (probe.mustBeRefused) probes.push(probe)
        }
    }
    // Bodies every schema accepts that the use case refuses, after it has read the member, the coupon or the store.
    const refusedByHandler: [string, string, unknown][] = [
      [
        'POST /api/staff/checkout/earn',
        'no such member',
        { ...baseBodies['POST /api/staff/checkout/earn'], memberNumber: memberNumberFor(9999) },
      ],
      [
        'POST /api/admin/coupons/{id}/issue',
        'no such member',
        { memberId: 999_999, idempotencyKey: 'hostile-issue-1' },
      ],
      ['POST /api/admin/stores', 'a taken code', { code: 'shibuya', name: '渋谷店' }],
      [
        'POST /api/admin/members/{id}/adjust',
        'more points than held',
        { points: -1_000_000, reason: 'r', idempotencyKey: 'hostile-adjust-1' },
      ],
      [
        'POST /api/integration/purchases',
        'an unknown store',
        { ...baseBodies['POST /api/integration/purchases'], storeCode: 'nowhere', receiptId: 'h-9' },
      ],
      [
        'PUT /api/admin/settings',
        'a coupon rule naming no coupon',
        { couponRules: { welcome: 999_999, birthday: null, rankUp: [] } },
      ],
      [
        'POST /api/admin/coupons',
        'limited to no store',
        { ...baseBodies['POST /api/admin/coupons'], storeIds: [999_999] },
      ],
    ]
    for (const [key, what, body] of refusedByHandler) {
      const target = targets.find((candidate) => `${candidate.method} ${candidate.path}` === key)!
      probes.push({ ...(await bodyProbe(target, what, JSON.stringify(body))), mustBeRefused: true })
    }
    expect(probes.length).toBeGreaterThan(100)
    const before = await rows()
    expect(await send(probes)).toEqual([])
    expect(await rows()).toEqual(before)
  })
})
