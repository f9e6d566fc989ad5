// What the hostile-input sweep (test/server/routes/hostile-input.test.ts) sends: a minimal valid body built from a
// route's JSON schema in the OpenAPI document, and the hostile values put in place of each of its properties.

/** The part of JSON Schema (2020-12, as the OpenAPI 3.1 document writes it) the builder reads. */
export interface JsonSchema {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  default?: unknown
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  exclusiveMinimum?: number
  maximum?: number
  minItems?: number
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  required?: string[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
}

/** Strings tried in turn for a string property, the first that fits its pattern, format and length being taken. */
const candidateStrings = [
  'fuzz-1',
  'fuzzkey',
  '2026-12-24T18:00:00+09:00',
  '2026-12-24',
  'https://example.com/fuzz',
  '123456',
  '09:00',
  'U1000000000000000000000000000c001',
  '0000000001',
  'ja',
]

/**
 * A value that `schema` accepts as far as its JSON Schema says: required properties only, the first enum value, the
 * smallest number. Refinements the document cannot state (zod's own checks) are the caller's to try.
 */
export function minimalValue(schema: JsonSchema, components: Record<string, JsonSchema>): unknown {
  const s = resolve(schema, components)
  if (s.const !== undefined) return s.const
  if (s.enum) return s.enum[0]
  const choice = s.anyOf ?? s.oneOf
  if (choice) return minimalValue(choice.find((c) => resolve(c, components).type !== 'null') ?? choice[0]!, components)
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => minimalValue(part, components)))
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {}
      for (const key of s.required ?? []) value[key] = minimalValue(s.properties?.[key] ?? {}, components)
      return value
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => minimalValue(s.items ?? {}, components))
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1, s.exclusiveMinimum === undefined ? 1 : s.exclusiveMinimum + 1)
    case 'boolean':
      return true
    case 'string':
      return candidateStrings.find((c) => fitsString(s, c)) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1))
    default:
      return null
  }
}

function fitsString(s: JsonSchema, value: string): boolean {
  if (s.minLength !== undefined && value.length < s.minLength) return false
  if (s.maxLength !== undefined && value.length > s.maxLength) return false
  if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) return false
  if (s.format === 'date-time' && !/^\d{4}-\d\d-\d\dT/.test(value)) return false
  if (s.format === 'uri' && !value.startsWith('https:')) return false
  return true
}

/** `schema` with its `$ref` followed into the document's components. */
export function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  return schema.$ref ? resolve(components[schema.$ref.split('/').pop()!] ?? {}, components) : schema
}

/** A hostile value as JSON text: some cannot be written by JSON.stringify (2^53+1 keeps its digits this way). */
export interface Hostile {
  name: string
  json: string
  /** Refused by every route, whatever its schema says: no string the API stores or reads may hold these. */
  refusedEverywhere?: true
}

const deep = 1000

/** The values put in place of a property, in turn; `wrongType` is added for the property's own type. */
export const hostileValues: Hostile[] = [
  { name: '100,000 characters', json: JSON.stringify('x'.repeat(100_000)) },
  // Under the body limit, so the string reaches the route's schema and handler.
  { name: '60,000 characters', json: JSON.stringify('x'.repeat(60_000)) },
  { name: '"NaN"', json: '"NaN"' },
  { name: '"Infinity"', json: '"Infinity"' },
  { name: '"-1e999"', json: '"-1e999"' },
  { name: '-1', json: '-1' },
  { name: '1e308', json: '1e308' },
  { name: '2^53+1', json: '9007199254740993' },
  // Valid where a number has no upper bound: the handler's arithmetic and the database must hold them.
  { name: '2^53-1', json: '9007199254740991' },
  { name: '2^31', json: '2147483648' },
  { name: '0', json: '0' },
  { name: '1.5', json: '1.5' },
  { name: `object nested ${deep} deep`, json: '{"a":'.repeat(deep) + '1' + '}'.repeat(deep) },
  // Free text refuses them with `control_characters` (server/domain/free-text.ts); other strings by their pattern.
  { name: 'NUL and lone surrogates', json: '"a\\u0000b\\ud800c\\udfffd"', refusedEverywhere: true },
  { name: '__proto__ object', json: '{"__proto__":{"polluted":true},"x":1}' },
  { name: 'constructor.prototype object', json: '{"constructor":{"prototype":{"polluted":true}}}' },
  { name: 'array', json: '[1,"a",null]' },
  {
    name: 'object with 3,000 keys',
    json: JSON.stringify(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, 'x']))),
  },
]

/** A value of another type than the property's. */
export function wrongType(schema: JsonSchema, components: Record<string, JsonSchema>): Hostile {
  const s = resolve(schema, components)
  const types = [s.type ?? [], (s.anyOf ?? s.oneOf ?? []).map((c) => resolve(c, components).type ?? [])].flat(2)
  return types.includes('string') ? { name: 'wrong type (boolean)', json: 'true' } : { name: 'wrong type', json: '"x"' }
}

/** Where a hostile value goes in a body: a property, an array's first item, at any depth. */
export type Place = (string | number)[]

/** The one choice of a union the builder takes (as `minimalValue` does): the first that is not null. */
function chosen(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const s = resolve(schema, components)
  const choice = s.anyOf ?? s.oneOf
  if (choice) return chosen(choice.find((c) => resolve(c, components).type !== 'null') ?? choice[0]!, components)
  if (s.allOf) return chosen(s.allOf[0]!, components)
  return s
}

/** Every property and array item of `schema`, down to `depth` levels, each with its own schema. */
export function placesIn(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
  depth = 4,
): { place: Place; schema: JsonSchema }[] {
  const s = chosen(schema, components)
  if (depth === 0) return []
  const inner: [string | number, JsonSchema][] = s.properties
    ? Object.entries(s.properties)
    : s.items
      ? [[0, s.items]]
      : []
  return inner.flatMap(([key, child]) => [
    { place: [key], schema: child },
    ...placesIn(child, components, depth - 1).map((p) => ({ place: [key, ...p.place], schema: p.schema })),
  ])
}

/**
 * `base` as JSON text with the value at `place` replaced by `hostile`, the rest as it was. Objects and arrays on the way
 * that `base` lacks are made minimal from `schema` (the body's), so the hostile value sits in an otherwise valid body.
 */
export function withValueAt(
  base: Record<string, unknown>,
  place: Place,
  hostile: Hostile,
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): string {
  const marker = 'hostile-value-5f0c1e'
  return JSON.stringify(setAt(base, place, marker, schema, components)).replace(`"${marker}"`, () => hostile.json)
}

/** A copy of `base` with `value` at `place`, missing objects and arrays on the way made minimal from `schema`. */
function setAt(
  base: Record<string, unknown>,
  place: Place,
  value: unknown,
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): Record<string, unknown> {
  const body = structuredClone(base)
  let node: Record<string | number, unknown> = body
  let nodeSchema = schema
  for (const [i, key] of place.entries()) {
    const s = chosen(nodeSchema, components)
    const childSchema = (typeof key === 'number' ? s.items : s.properties?.[key]) ?? {}
    if (i === place.length - 1) {
      node[key] = value
      break
    }
    const child = node[key]
    if (typeof child !== 'object' || child === null || (Array.isArray(child) && child.length === 0)) {
      const made = minimalValue(childSchema, components)
      const c = chosen(childSchema, components)
      node[key] = Array.isArray(made) && made.length === 0 && c.items ? [minimalValue(c.items, components)] : made
    }
    node = node[key] as Record<string | number, unknown>
    nodeSchema = childSchema
  }
  return body
}

/**
 * The bodies to make hostile: `base`, and for each union in the schema (a campaign's templates, a customer by member
 * number or LINE user id) a copy holding each of its other choices, with the places inside that choice.
 */
export function bodiesToSweep(
  base: Record<string, unknown>,
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): { base: Record<string, unknown>; places: { place: Place; schema: JsonSchema }[] }[] {
  const places = placesIn(schema, components)
  const alternatives = places.flatMap(({ place, schema: at }) => {
    const s = resolve(at, components)
    const options = (s.anyOf ?? s.oneOf ?? []).filter((o) => resolve(o, components).type !== 'null').slice(1)
    return options.map((option) => ({
      base: setAt(base, place, minimalValue(option, components), schema, components),
      places: placesIn(option, components).map((p) => ({ place: [...place, ...p.place], schema: p.schema })),
    }))
  })
  return [{ base, places }, ...alternatives]
}

/**
 * As deep as fits under the body limit: a parser or a walk that recursed would overflow its stack. Put in one place
 * per body only: parsing it takes milliseconds (twice per request, in the sweep and in the app).
 */
export const deepArray: Hostile = { name: 'array nested 20,000 deep', json: '['.repeat(20_000) + ']'.repeat(20_000) }

/** Bodies that are not a JSON object at all. */
export const notAnObject: Hostile[] = [
  { name: 'not JSON', json: '{"a":' },
  { name: 'empty body', json: '' },
  { name: 'null', json: 'null' },
  { name: 'an array', json: '[]' },
  { name: 'a string', json: '"body"' },
  { name: 'a number', json: '42' },
  { name: 'NUL bytes', json: '\u0000\u0000' },
]

/** Values of a query parameter, in turn (percent-encoded as they go in the URL). */
export const hostileQueryValues: { name: string; encoded: string; refusedEverywhere?: true }[] = [
  { name: 'wrong type', encoded: 'abc' },
  { name: 'very long', encoded: 'x'.repeat(10_000) },
  { name: 'NaN', encoded: 'NaN' },
  { name: '-1', encoded: '-1' },
  { name: '1e308', encoded: '1e308' },
  { name: '2^53+1', encoded: '9007199254740993' },
  { name: '2^53-1', encoded: '9007199254740991' },
  { name: '2^31', encoded: '2147483648' },
  { name: '1.5', encoded: '1.5' },
  { name: 'empty', encoded: '' },
  { name: 'NUL', encoded: 'a%00b', refusedEverywhere: true },
  { name: 'invalid UTF-8 (a lone surrogate)', encoded: '%ED%A0%80' },
  { name: 'broken percent-encoding', encoded: '%E3%81' },
  { name: 'bracket key', encoded: '1&__proto__[x]=1' },
]
