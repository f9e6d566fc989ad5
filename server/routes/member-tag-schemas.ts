// A member tag as the API answers it (the admin member page, the integration API). Here, not in domain/: `.openapi()`
// exists only where @hono/zod-openapi has extended zod, and domain/ is also bundled into the LIFF app.
import { z } from '@hono/zod-openapi'

export const MemberTag = z.object({ name: z.string(), value: z.string(), setAt: z.string() }).openapi('MemberTag')
