// OpenAPI-aware routers: request schemas validate input and describe it in /api/openapi.json.
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from './env'
import { errorBody } from './errors'

/**
 * A route group; invalid input becomes a 400 listing each problem with its path. The error's code is
 * `invalid_request`, or the stable code a shared schema put on its issue (`invalid_id`, `control_characters`,
 * `text_too_long` with its `limit`).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const problems = result.error.issues.map((i) => {
        const code = issueCode(i)
        const limit = i.code === 'custom' ? i.params?.limit : undefined
        return {
          path: i.path.join('.'),
          message: i.message,
          ...(code ? { code } : {}),
          ...(typeof limit === 'number' ? { limit } : {}),
        }
      })
      const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')
      return c.json(errorBody(problems.find((p) => p.code)?.code ?? 'invalid_request', summary, problems), 400)
    },
  })
}

function issueCode(issue: z.core.$ZodIssue): string | undefined {
  const code = issue.code === 'custom' ? issue.params?.code : undefined
  return typeof code === 'string' ? code : undefined
}

export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error')

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})

/**
 * The 400 that createRouter's validation gives a route that takes input (path, query, headers or body): the guarded
 * route helpers put it among the OpenAPI responses of every such route, and a route's own words for 400 (naming its
 * domain codes) replace it. Typed as nothing: handlers never answer it themselves, and a conditional type here makes
 * the app's route types too complex for tsc.
 */
export const invalidInputFor = (contract: { request?: object }): Record<never, never> =>
  contract.request ? invalidInput : {}

const invalidInput = {
  400: errorResponse('Invalid input (`invalid_request`, or a field’s own code such as `invalid_id`)'),
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

export const bearerAuth = [{ session: [] as string[] }]
