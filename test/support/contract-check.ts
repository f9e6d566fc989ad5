// The contract test: every JSON answer of an app under test is parsed with the response schema its route declares.
import { z, type OpenAPIHono } from '@hono/zod-openapi'
import { ErrorSchema } from '../../server/openapi'
import { Liveness, Readiness } from '../../server/routes/health'
import { ResetAnswer } from '../../server/routes/sandbox-reset'
import { WebhookAnswer } from '../../server/routes/webhook'
import type { ContractRecord } from './contract-record'

/** What the check needs of an app: its route registry and its fetch. */
interface CheckedApp {
  openAPIRegistry: OpenAPIHono['openAPIRegistry']
  fetch: (request: Request, ...rest: never[]) => Response | Promise<Response>
}

interface RouteContract {
  method: string
  path: string
  pattern: RegExp
  /** Literal characters of the path: where two patterns match, the more literal one is the route. */
  literal: number
  responses: Record<string, { content?: Record<string, { schema?: unknown }> } | undefined>
}

// The records live in a module of their own, so the setup file asserting them does not load the app.
export { newContractRecord, settled, suiteContract, type ContractRecord } from './contract-record'

/** JSON routes outside the OpenAPI document (not under /api), with the schemas their modules keep. */
const outsideDocument: Record<string, z.ZodType> = {
  'GET /healthz': Liveness,
  'GET /readyz': Readiness,
  'POST /webhook/line': WebhookAnswer,
  'POST /api/sandbox/reset': ResetAnswer,
  'GET /api/openapi.json': z.object({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }),
}

// OpenAPIHono keeps each createRoute() definition, path prefixed by app.route(), in its registry.
function routeContracts(app: CheckedApp): RouteContract[] {
  const contracts: RouteContract[] = []
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route') continue
    const { method, path, responses } = def.route
    contracts.push(contract(method, path, responses as RouteContract['responses']))
  }
  for (const [key, schema] of Object.entries(outsideDocument)) {
    const [method, path] = key.split(' ') as [string, string]
    contracts.push(contract(method, path, { 200: { content: { 'application/json': { schema } } } }))
  }
  return contracts
}

function contract(method: string, path: string, responses: RouteContract['responses']): RouteContract {
  const source = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+')
  return {
    method: method.toUpperCase(),
    path,
    pattern: new RegExp(`^${source}/?$`),
    literal: path.replace(/\{[^}]+\}/g, '').length,
    responses,
  }
}

function findRoute(contracts: RouteContract[], method: string, pathname: string): RouteContract | undefined {
  let best: RouteContract | undefined
  for (const route of contracts)
    if (route.method === method && route.pattern.test(pathname) && (!best || route.literal > best.literal)) best = route
  return best
}

/** The schema an answer of `status` must follow: the route's, else the app's error body for any 4xx/5xx. */
function schemaFor(route: RouteContract | undefined, status: number): z.ZodType | 'undeclared' {
  const declared = route?.responses[String(status)] ?? route?.responses.default
  const schema = declared?.content?.['application/json']?.schema
  if (schema) return schema as z.ZodType
  return status >= 400 ? ErrorSchema : 'undeclared'
}

/** Checks one answer to `request` against `contracts`, adding to `record`. */
async function checkAnswer(contracts: RouteContract[], request: Request, res: Response, record: ContractRecord) {
  if (!res.headers.get('content-type')?.includes('application/json') || res.status === 204) return
  const { pathname } = new URL(request.url)
  const route = findRoute(contracts, request.method, pathname)
  const where = `${request.method} ${pathname} → ${res.status}${route ? ` (${route.path})` : ''}`
  const schema = schemaFor(route, res.status)
  record.checked++
  if (schema === 'undeclared') {
    record.violations.push(`${where}: no response schema declared for this status`)
    return
  }
  let body: unknown
  try {
    body = await res.json()
  } catch {
    record.violations.push(`${where}: body is not JSON`)
    return
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success)
    record.violations.push(
      `${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
    )
}

/**
 * Makes `app` check every answer it gives (through `fetch` and so `request`) against its routes' response schemas,
 * into `record`. The check reads a clone of the body while the test goes on; `settled(record)` waits for it.
 */
export function checkContract(app: CheckedApp, record: ContractRecord) {
  let contracts: RouteContract[] | undefined
  const fetch = app.fetch
  app.fetch = async (request, ...rest) => {
    const res = await fetch(request, ...rest)
    contracts ??= routeContracts(app)
    const check = checkAnswer(contracts, request, res.clone(), record).catch((err: unknown) => {
      record.violations.push(`${request.method} ${request.url}: checker failed: ${String(err)}`)
    })
    record.reading.add(check)
    void check.finally(() => record.reading.delete(check))
    return res
  }
}
