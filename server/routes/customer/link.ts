// POST /api/link: link this LINE account to an existing membership (member number + birthday or PIN).
import { z } from '@hono/zod-openapi'
import { singleLine } from '../../domain/free-text'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { linkWithCredentials } from '../../usecases/link'
import { accepted } from '../refusals'
import { sessionRoute } from '../guarded-routes'

export const LinkRequest = z
  .object({
    memberNumber: singleLine(z.string().trim().min(1).max(40)).openapi({
      description: 'Printed member number; full-width digits and hyphens are fine',
      example: '0000000026',
    }),
    birthday: singleLine(z.string().trim().min(1).max(20))
      .optional()
      .openapi({ description: 'YYYY-MM-DD (or 1985/4/12, １９８５年４月１２日)' }),
    pin: z
      .string()
      .regex(/^\d{4,8}$/, 'must be 4-8 digits')
      .optional(),
  })
  .refine((v) => v.birthday || v.pin, { message: 'birthday or pin is required', path: ['birthday'] })
  .openapi('LinkRequest')

export const LinkedMember = z.object({ memberNumber: z.string(), name: z.string() }).openapi('LinkedMember')

export const Linked = z.object({ member: LinkedMember, linked: z.boolean() })

const route = sessionRoute('post', '/', {
  summary: 'Link this LINE account to an existing membership',
  request: { body: jsonBody(LinkRequest) },
  responses: {
    200: jsonResponse('Linked (or already linked to this membership)', Linked),
    400: errorResponse('Invalid input, e.g. a member number with a wrong check digit (`member_number_invalid`)'),
    401: errorResponse('No session, or the number and birthday/PIN do not match (`link_credentials_invalid`)'),
    409: errorResponse(
      'Membership linked to another LINE account (`member_already_linked`), or this account is already linked (`line_already_linked`)',
    ),
    429: errorResponse(
      'Too many failed attempts from this LINE account: for this number (`link_wait`) or for any (`link_locked`); `Retry-After` and `details.retryAfterSeconds` say how long to wait',
    ),
  },
})

export const link = createRouter().openapi(route, async (c) => {
  const { lineUserId } = c.var.session
  const credentials = c.req.valid('json')
  const { member, linked } = accepted(await linkWithCredentials(c.var.shop, { lineUserId, credentials }))
  return c.json({ member: { memberNumber: member.memberNumber, name: member.name }, linked }, 200)
})
