// Ids in request paths and queries: canonical decimal only, so `0x1`, `01`, `1e0` or ` 1` never mean row 1.
import { z } from '@hono/zod-openapi'

const canonical = /^[1-9][0-9]*$/

/** A row id given as text: `^[1-9][0-9]*$` within the safe integers, else 400 `invalid_id`. */
export const pathId = (name: string, where: 'path' | 'query' = 'path') =>
  z
    .string()
    .transform((text, ctx) => {
      const id = Number(text)
      if (canonical.test(text) && Number.isSafeInteger(id)) return id
      ctx.addIssue({
        code: 'custom',
        message: 'must be a positive whole number such as 42',
        params: { code: 'invalid_id' },
      })
      return z.NEVER
    })
    .openapi({ param: { name, in: where }, type: 'string', pattern: canonical.source, example: '42' })

/** `{id}` in a route's path. */
export const idParam = z.object({ id: pathId('id') })
