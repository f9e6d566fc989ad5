// GET /api/register/policies and POST /api/register: a new membership with consent, linked to this LINE account.
import { createRoute, z } from '@hono/zod-openapi'
import { singleLine } from '../../domain/free-text'
import { prefectures } from '../../domain/japanese-input'
import { birthdayField, nameField, nameKanaField, phoneField } from '../../domain/member-profile'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { currentPolicyVersions, Policies } from '../../legal/versions'
import { registerMembership } from '../../usecases/register'
import { assertBirthdayInRange } from '../birthday-range'
import { accepted } from '../refusals'
import { LinkedMember } from './link'
import { sessionRoute } from '../guarded-routes'
import { listFields } from '../../data/member-fields'
import { AnswersInput, answerRefusals, fieldView, MemberFieldView } from '../member-field-schemas'

export const RegisterRequest = z
  .object({
    name: nameField,
    nameKana: nameKanaField,
    birthday: birthdayField,
    phone: phoneField,
    prefecture: z.enum(prefectures),
    marketingOptIn: z.boolean(),
    termsVersion: singleLine(z.string().max(20)).openapi({
      description: 'The terms version the customer was shown and accepted',
    }),
    privacyVersion: singleLine(z.string().max(20)),
    agreed: z.literal(true, { message: 'the terms and privacy policy must be accepted' }),
    language: z.string().max(35).optional().openapi({
      description:
        "The app's language, as sent with the session: the member's LINE messages (the welcome coupon's too) follow it",
      example: 'ja',
    }),
    answers: AnswersInput.optional().openapi({
      description: 'Answers to the custom fields asked at registration (`GET /api/register/fields`), by key',
    }),
  })
  .openapi('RegisterRequest')

export const Registered = z.object({ member: LinkedMember })

const policiesRoute = createRoute({
  method: 'get',
  path: '/policies',
  summary: 'Current versions of the terms of use and the privacy policy',
  responses: { 200: jsonResponse('Versions and where to read them', Policies) },
})

const fieldsRoute = createRoute({
  method: 'get',
  path: '/fields',
  summary: 'The custom fields asked at registration, in order',
  responses: { 200: jsonResponse('Fields', z.object({ fields: z.array(MemberFieldView) })) },
})

const registerRoute = sessionRoute('post', '/', {
  summary: 'Register a new membership for this LINE account',
  request: { body: jsonBody(RegisterRequest) },
  responses: {
    201: jsonResponse('Registered and linked', Registered),
    400: errorResponse(
      `Invalid input (\`text_too_long\` with \`limit\`, \`control_characters\`, \`kana_invalid\`, \`phone_invalid\`, \`date_invalid\`, \`birthday_out_of_range\`), consent to outdated policies (\`policies_outdated\`), or an invalid answer: ${answerRefusals}`,
    ),
    409: errorResponse('This LINE account already has a membership (`line_already_linked`)'),
  },
})

export const register = createRouter()
  .openapi(policiesRoute, async (c) => c.json(await currentPolicyVersions(c.var.shop.db), 200))
  .openapi(fieldsRoute, async (c) => {
    const fields = await listFields(c.var.shop.db)
    return c.json({ fields: fields.filter((f) => f.askAtRegistration).map(fieldView) }, 200)
  })
  .openapi(registerRoute, async (c) => {
    const deps = c.var.shop
    const { lineUserId } = c.var.session
    const body = c.req.valid('json')
    assertBirthdayInRange(body.birthday, deps.clock(), await deps.timeZone())
    const { memberNumber } = accepted(await registerMembership(deps, { lineUserId, ...body }))
    return c.json({ member: { memberNumber, name: body.name } }, 201)
  })
