// GET and PUT /api/me/fields: the customer reads and changes their answers to the shop's custom fields (the profile
// page and the questionnaire a campaign links to, /settings/profile?questions=1).
import { z } from '@hono/zod-openapi'
import { answerRecord, answersOf, listFields } from '../../data/member-fields'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { answerFields } from '../../usecases/answer-fields'
import { AnswersInput, answerRefusals, fieldView, FieldsAndAnswers } from '../member-field-schemas'
import { accepted } from '../refusals'
import { myMemberId } from './profile'
import { memberRoute } from '../guarded-routes'

const getRoute = memberRoute('get', '/', {
  summary: "The shop's custom fields (active ones, in order) and my answers",
  responses: { 200: jsonResponse('Fields and answers', FieldsAndAnswers) },
})

const putRoute = memberRoute('put', '/', {
  summary: 'Change my answers: the fields sent change, null clears one that is not required (audited)',
  request: { body: jsonBody(z.object({ answers: AnswersInput }).openapi('MyFieldAnswers')) },
  responses: {
    200: jsonResponse('Fields and answers as stored', FieldsAndAnswers),
    400: errorResponse(`Invalid answer: ${answerRefusals}`),
  },
})

export const myFields = createRouter()
  .openapi(getRoute, async (c) => {
    const { db } = c.var.shop
    const memberId = await myMemberId(db, c.var.session.lineUserId)
    const fields = await listFields(db)
    return c.json({ fields: fields.map(fieldView), answers: answerRecord(fields, await answersOf(db, memberId)) }, 200)
  })
  .openapi(putRoute, async (c) => {
    const deps = c.var.shop
    const memberId = await myMemberId(deps.db, c.var.session.lineUserId)
    const { lineUserId } = c.var.session
    const { answers } = accepted(
      await answerFields(deps, {
        memberId,
        answers: c.req.valid('json').answers,
        actor: `line:${lineUserId}`,
        mode: 'member',
      }),
    )
    return c.json({ fields: (await listFields(deps.db)).map(fieldView), answers }, 200)
  })
