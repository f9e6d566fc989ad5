// GET /api/consent and POST /api/consent: whether the signed-in member must agree to changed terms or privacy policy
// (a version published as a material change), and recording that they did.
import { createRoute, z } from '@hono/zod-openapi'
import { singleLine } from '../../domain/free-text'
import { Policies } from '../../legal/versions'
import { requireSession } from '../../middleware/session'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { changeConsent, consentState } from '../../usecases/change-consent'
import { accepted, found } from '../refusals'

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

const errors = {
  401: errorResponse('No valid session'),
  404: errorResponse('This LINE account is not linked to a membership (`not_linked`)'),
}

const statusRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The current policies and whether this member must agree to them again',
  security: bearerAuth,
  middleware: [requireSession] as const,
  responses: { 200: jsonResponse('Consent status', ConsentStatus), ...errors },
})

const consentRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Agree to the current terms of use and privacy policy',
  security: bearerAuth,
  middleware: [requireSession] as const,
  request: { body: jsonBody(ConsentRequest) },
  responses: {
    200: jsonResponse('Recorded', ConsentStatus),
    400: errorResponse('Invalid input, or versions that are no longer current (`policies_outdated`)'),
    ...errors,
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
