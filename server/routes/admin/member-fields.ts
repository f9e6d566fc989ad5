// The console's custom member fields (/api/admin/fields): list, define, change (labels, choices, required, asked at
// registration, archived), reorder; and one member's answers (/api/admin/members/{id}/fields), read and corrected.
import { z } from '@hono/zod-openapi'
import { staffActor } from '../../data/audit'
import { liffUrl } from '../../liff-url'
import { answerRecord, answersOf, listFields } from '../../data/member-fields'
import { FieldChangesSchema, NewFieldSchema } from '../../domain/member-field-definition'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { answerFields } from '../../usecases/answer-fields'
import { changeField, defineField, reorderFields } from '../../usecases/member-fields'
import { loadProfile } from '../../data/member-profile'
import { AnswersInput, answerRefusals, fieldView, FieldsAndAnswers, MemberFieldView } from '../member-field-schemas'
import { idParam } from '../path-id'
import { accepted, found } from '../refusals'
import { adminRoute } from '../guarded-routes'

const FieldList = z.object({ fields: z.array(MemberFieldView) })

/** The LIFF page that asks a member the active fields they have not answered: the link a campaign can carry. */
export const questionnairePath = '/settings/profile?questions=1'

export const listRoute = adminRoute('get', '/', {
  summary: 'Every custom member field in order, archived ones included',
  responses: {
    200: jsonResponse(
      'Fields, and the questionnaire’s LIFF link for campaigns',
      FieldList.extend({ questionnaireUrl: z.string().openapi({ description: `liffUrl of ${questionnairePath}` }) }),
    ),
  },
})

const createFieldRoute = adminRoute('post', '/', {
  summary: 'Define a custom member field (its key and type never change; audited)',
  request: { body: jsonBody(NewFieldSchema) },
  responses: {
    201: jsonResponse('Defined', MemberFieldView),
    409: errorResponse('The key is taken (`field_key_taken`)'),
  },
})

const changeRoute = adminRoute('patch', '/{id}', {
  summary: 'Change labels, choices, required, asked at registration or archived (audited)',
  request: { params: idParam, body: jsonBody(FieldChangesSchema) },
  responses: {
    200: jsonResponse('Saved', MemberFieldView),
    404: errorResponse('No such field (`field_not_found`)'),
    409: errorResponse('A removed choice is held by members (`field_choice_in_use`, `details.values`): archive it'),
  },
})

const orderRoute = adminRoute('put', '/order', {
  summary: 'Reorder the fields: every field id once, in the new order (audited)',
  request: { body: jsonBody(z.object({ ids: z.array(z.number().int().positive()).max(50) }).openapi('FieldOrder')) },
  responses: {
    200: jsonResponse('The fields in their new order', FieldList),
    404: errorResponse('The ids are not exactly the fields (`field_not_found`)'),
  },
})

const answersRoute = adminRoute('get', '/{id}/fields', {
  summary: "A member's answers to the active custom fields",
  request: { params: idParam },
  responses: {
    200: jsonResponse('Fields and answers', FieldsAndAnswers),
    404: errorResponse('No such member (`member_not_found`)'),
  },
})

const correctRoute = adminRoute('put', '/{id}/fields', {
  summary: "Correct a member's answers: the fields sent change, null clears (audited with before and after)",
  request: { params: idParam, body: jsonBody(z.object({ answers: AnswersInput })) },
  responses: {
    200: jsonResponse('Fields and answers as stored', FieldsAndAnswers.extend({ changed: z.array(z.string()) })),
    400: errorResponse(`Invalid answer: ${answerRefusals}`),
    404: errorResponse('No active member (`member_not_found`)'),
  },
})

export const adminMemberFields = createRouter()
  .openapi(listRoute, async (c) => {
    const fields = (await listFields(c.var.shop.db, true)).map(fieldView)
    return c.json({ fields, questionnaireUrl: liffUrl(c.var.shop.config, questionnairePath) }, 200)
  })
  .openapi(createFieldRoute, async (c) => {
    const { field } = accepted(await defineField(c.var.shop, c.req.valid('json'), staffActor(c.var.staff)))
    return c.json(fieldView(field), 201)
  })
  .openapi(orderRoute, async (c) => {
    const { ids } = c.req.valid('json')
    const { fields } = accepted(await reorderFields(c.var.shop, ids, staffActor(c.var.staff)))
    return c.json({ fields: fields.map(fieldView) }, 200)
  })
  .openapi(changeRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { field } = accepted(await changeField(c.var.shop, id, c.req.valid('json'), staffActor(c.var.staff)))
    return c.json(fieldView(field), 200)
  })

/** Mounted at /api/admin/members beside the member routes. */
export const adminMemberAnswers = createRouter()
  .openapi(answersRoute, async (c) => {
    const { db } = c.var.shop
    const { id } = c.req.valid('param')
    found(await loadProfile(db, id))
    const fields = await listFields(db)
    return c.json({ fields: fields.map(fieldView), answers: answerRecord(fields, await answersOf(db, id)) }, 200)
  })
  .openapi(correctRoute, async (c) => {
    const { id } = c.req.valid('param')
    const { answers, changed } = accepted(
      await answerFields(c.var.shop, {
        memberId: id,
        answers: c.req.valid('json').answers,
        actor: staffActor(c.var.staff),
        mode: 'admin',
      }),
    )
    const fields = await listFields(c.var.shop.db)
    return c.json({ fields: fields.map(fieldView), answers, changed }, 200)
  })
