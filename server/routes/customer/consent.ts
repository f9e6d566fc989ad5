// GET /api/consent and POST /api/consent: whether the signed-in member must agree to changed terms or privacy policy
// (a version published as a material change), and recording that they did.
import { z } from '@hono/zod-openapi'
import { singleLine } from '../../domain/free-text'
import { Policies } from '../../legal/versions'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { changeConsent, consentState } from '../../usecases/change-consent'
import { accepted, found } from '../refusals'
import { memberRoute } from '../guarded-routes'

export const ConsentStatus = z
  .object({
    required: z.boolean().openapi({ description: 'A material change was published since the member last agreed' }),
    policies: Policies,
    consented: z.object({ terms: z.string().nullable(), privacy: z.string().nullable() }),
  })
  .openapi('ConsentStatus')

export const ConsentRequest = z
  .object({
    termsVersion: singleLine(z.string().max(20)),
    privacyVersion: singleLine(z.string().max(20)),
    agreed: z.literal(true, { message: 'the terms and privacy policy must be accepted' }),
  })
  .openapi('ConsentRequest')

const statusRoute = memberRoute('get', '/', {
  summary: 'The current policies and whether this member must agree to them again',
  responses: { 200: jsonResponse('Consent status', ConsentStatus) },
})

const consentRoute = memberRoute('post', '/', {
  summary: 'Agree to the current terms of use and privacy policy',
  request: { body: jsonBody(ConsentRequest) },
  responses: {
    200: jsonResponse('Recorded', ConsentStatus),
    400: errorResponse('Invalid input, or versions that are no longer current (`policies_outdated`)'),
  },
})

export const consent = createRouter()
  .openapi(statusRoute, async (c) => c.json(found(await consentState(c.var.shop, c.var.session.lineUserId)), 200))
  .openapi(consentRoute, async (c) => {
    const { termsVersion, privacyVersion } = c.req.valid('json')
    const { consent } = accepted(
      await changeConsent(c.var.shop, { lineUserId: c.var.session.lineUserId, termsVersion, privacyVersion }),
    )
    return c.json(consent, 200)
  })
