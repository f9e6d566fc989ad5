// Turns OpenAPI `discriminator` + `mapping` inheritance into plain JSON Schema that ajv understands.
//
// LINE's specs declare a base (`Message`, with `discriminator: {propertyName: type, mapping}`) and subtypes that
// inherit it through `allOf: [{$ref: Message}, ...]`. A reference to the base must validate the object against
// the subtype its `type` names, and reject unknown types. So each base `B` becomes a dispatcher that checks the
// tag and delegates to the mapped subtype, and the subtypes' `allOf` references point at `B__base`, the base's
// own properties, so that dispatching does not recurse.

type Schema = Record<string, unknown>

interface Discriminator {
  propertyName: string
  mapping: Record<string, string>
}

const refPrefix = '#/components/schemas/'

function discriminatorOf(schema: Schema): Discriminator | undefined {
  const d = schema.discriminator as Discriminator | undefined
  return d?.mapping ? d : undefined
}

function dispatcher(d: Discriminator): Schema {
  const tags = Object.keys(d.mapping)
  return {
    type: 'object',
    required: [d.propertyName],
    properties: { [d.propertyName]: { type: 'string', enum: tags } },
    allOf: tags.map((tag) => ({
      if: { properties: { [d.propertyName]: { const: tag } } },
      then: { $ref: d.mapping[tag] },
    })),
  }
}

/** Returns a new `components.schemas` map; the input is not modified. */
export function resolveDiscriminators(schemas: Record<string, Schema>): Record<string, Schema> {
  const basesOf = new Map<string, Set<string>>()
  for (const [name, schema] of Object.entries(schemas)) {
    const d = discriminatorOf(schema)
    if (!d) continue
    for (const ref of Object.values(d.mapping)) {
      const sub = ref.slice(refPrefix.length)
      if (!basesOf.has(sub)) basesOf.set(sub, new Set())
      basesOf.get(sub)!.add(name)
    }
  }

  const out: Record<string, Schema> = {}
  for (const [name, schema] of Object.entries(schemas)) {
    const d = discriminatorOf(schema)
    if (d) {
      const { discriminator: _omit, ...plain } = schema
      out[`${name}__base`] = plain
      out[name] = dispatcher(d)
      continue
    }
    const bases = basesOf.get(name)
    const allOf = schema.allOf as Schema[] | undefined
    if (!bases || !allOf) {
      out[name] = schema
      continue
    }
    out[name] = {
      ...schema,
      allOf: allOf.map((part) => {
        const ref = part.$ref as string | undefined
        const base = ref?.startsWith(refPrefix) ? ref.slice(refPrefix.length) : undefined
        return base && bases.has(base) ? { $ref: `${refPrefix}${base}__base` } : part
      }),
    }
  }
  return out
}
