// GET /api/consent and POST /api/consent: whether the signed-in member must agree to changed terms or privacy policy
// (a version published as a material change), and recording that they did.
import { createRoute, z } from '@hono/zod-openapi'
import { findLinkedMember } from '../../data/card-view'
import { memberNeedsReconsent, recordConsent } from '../../data/legal-documents'
import { singleLine } from '../../domain/free-text'
import type { AppDeps } from '../../env'
import { badRequest, notFound } from '../../errors'
import { currentPolicyVersions, Policies } from '../../legal/versions'
import { requireSession } from '../../middleware/session'
import { bearerAuth, createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'

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

async function status(deps: AppDeps, lineUserId: string): Promise<z.infer<typeof ConsentStatus>> {
  const member = await findLinkedMember(deps.db, lineUserId)
  if (!member) throw notFound('not_linked', 'This LINE account is not linked to a membership')
  const [required, policies] = await Promise.all([
    memberNeedsReconsent(deps.db, member.id),
    currentPolicyVersions(deps.db),
  ])
  return {
    required,
    policies,
    consented: { terms: member.termsVersion, privacy: member.privacyVersion },
  }
}

const outdated = () =>
  badRequest(
    'policies_outdated',
    'The terms or privacy policy changed while you were reading them: please review them again',
  )

export const consent = createRouter()
  .openapi(statusRoute, async (c) => c.json(await status(c.var.shop, c.var.session.lineUserId), 200))
  .openapi(consentRoute, async (c) => {
    const deps = c.var.shop
    const { lineUserId } = c.var.session
    const body = c.req.valid('json')
    const before = await status(deps, lineUserId)
    if (body.termsVersion !== before.policies.terms.version || body.privacyVersion !== before.policies.privacy.version)
      throw outdated()
    const member = (await findLinkedMember(deps.db, lineUserId))!
    const versions = { terms: body.termsVersion, privacy: body.privacyVersion }
    if (!(await recordConsent(deps.db, member.id, versions, `line:${lineUserId}`, deps.clock()))) throw outdated()
    return c.json(await status(deps, lineUserId), 200)
  })
