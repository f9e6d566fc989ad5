// Reads LINE's OpenAPI documents that sit beside this file (Node only: the sandbox never runs on workerd).
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'

export type LineSpecName = 'messaging-api' | 'webhook' | 'liff' | 'channel-access-token' | 'insight'

export interface OpenApiParameter {
  in: string
  name: string
  required?: boolean
  schema: Record<string, unknown>
}

export interface OpenApiDocument {
  components: { schemas: Record<string, Record<string, unknown>> }
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[] } | undefined>>
}

const cache = new Map<LineSpecName, OpenApiDocument>()

/** Parsed once per process; callers must not mutate the result. */
export function loadLineSpec(name: LineSpecName): OpenApiDocument {
  let doc = cache.get(name)
  if (!doc) {
    const text = readFileSync(new URL(`./${name}.yml`, import.meta.url), 'utf8')
    doc = load(text) as OpenApiDocument
    cache.set(name, doc)
  }
  return doc
}
