// GET and POST /api/consent: whether the member must agree to changed terms or privacy policy, and agreeing.

import type { z } from '@hono/zod-openapi'
import type { ConsentRequest, ConsentStatus as ConsentSchema } from '../../../server/routes/customer/consent'
import { requestJson } from '../api/http'

export type ConsentStatus = z.infer<typeof ConsentSchema>

export const fetchConsentStatus = (token: string) => requestJson<ConsentStatus>('/api/consent', { token })

export const giveConsent = (token: string, versions: Omit<z.input<typeof ConsentRequest>, 'agreed'>) =>
  requestJson<ConsentStatus>('/api/consent', {
    method: 'POST',
    token,
    body: { ...versions, agreed: true } satisfies z.input<typeof ConsentRequest>,
  })
