// OpenAPI-aware routers: request schemas validate input and describe it in /api/openapi.json.
import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from './env'
import { errorBody } from './errors'

/** A route group; invalid input becomes a 400 `invalid_request` listing each problem. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const problems = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
      const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')
      return c.json(errorBody('invalid_request', summary, problems), 400)
    },
  })
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

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

export const bearerAuth = [{ session: [] as string[] }]
