// Validates JSON values against named schemas of LINE's OpenAPI documents; each schema is compiled once.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { resolveDiscriminators } from './discriminator'
import { loadLineSpec, type LineSpecName } from './load-spec'

/** One problem, worded like LINE's `details` entries: `property` is a path such as `messages[0].text`. */
export interface SchemaIssue {
  message: string
  property: string
}

export type SchemaCheck = (value: unknown) => SchemaIssue[]

const compound = new Set(['if', 'then', 'allOf', 'anyOf', 'oneOf'])

function propertyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1)
  if (extra !== undefined) parts.push(extra)
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '')
}

function toIssue(error: ErrorObject): SchemaIssue {
  switch (error.keyword) {
    case 'required':
      return { message: 'must be specified', property: propertyPath(error.instancePath, error.params.missingProperty) }
    case 'enum':
      return {
        message: `must be one of the following values: [${(error.params.allowedValues as string[]).join(', ')}]`,
        property: propertyPath(error.instancePath),
      }
    default:
      return { message: error.message ?? 'is invalid', property: propertyPath(error.instancePath) }
  }
}

function createAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false })
  addFormats(ajv)
  for (const name of ['int32', 'int64', 'float', 'double']) ajv.addFormat(name, { type: 'number', validate: () => true })
  ajv.addFormat('binary', true)
  return ajv
}

let ajv: Ajv | undefined
const compiled = new Map<string, ValidateFunction>()

function documentId(spec: LineSpecName): string {
  return `https://tsunagu.invalid/line-openapi/${spec}.json`
}

/** A checker for `components.schemas[schema]` of the given spec; compiled on first use and cached per process. */
export function schemaCheck(spec: LineSpecName, schema: string): SchemaCheck {
  const key = `${spec}#${schema}`
  let validate = compiled.get(key)
  if (!validate) {
    ajv ??= createAjv()
    const id = documentId(spec)
    if (!ajv.getSchema(id)) {
      const schemas = resolveDiscriminators(loadLineSpec(spec).components.schemas)
      ajv.addSchema({ $id: id, components: { schemas } })
    }
    if (!loadLineSpec(spec).components.schemas[schema]) throw new Error(`${spec}.yml has no schema ${schema}`)
    validate = ajv.compile({ $ref: `${id}#/components/schemas/${schema}` })
    compiled.set(key, validate)
  }
  const run = validate
  return (value) => {
    if (run(value)) return []
    const errors = run.errors ?? []
    const first = errors.find((e) => !compound.has(e.keyword)) ?? errors[0]
    return first ? [toIssue(first)] : [{ message: 'is invalid', property: '' }]
  }
}

/**
 * A checker for the query parameters of `method path` in the given spec: each required one present, each present one
 * valid against its schema (query values are strings; integer parameters are read as numbers first).
 */
export function queryCheck(spec: LineSpecName, path: string, method: string): (query: Record<string, string | undefined>) => SchemaIssue[] {
  const parameters = (loadLineSpec(spec).paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'query')
  if (parameters.length === 0) throw new Error(`${spec}.yml has no query parameters for ${method} ${path}`)
  ajv ??= createAjv()
  const checks = parameters.map((p) => ({ parameter: p, validate: ajv!.compile(p.schema) }))
  return (query) =>
    checks.flatMap(({ parameter, validate }) => {
      const raw = query[parameter.name]
      if (raw === undefined) return parameter.required ? [{ message: 'must be specified', property: parameter.name }] : []
      const value = parameter.schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw
      return validate(value) ? [] : [{ message: validate.errors?.[0]?.message ?? 'is invalid', property: parameter.name }]
    })
}
