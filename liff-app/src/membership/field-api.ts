// The shop's custom member fields for the customer: those asked at registration, and my answers (read, change).
import type { z } from '@hono/zod-openapi'
import type { AnswersSent } from '../forms/field-answers'
import type { FieldsAndAnswers, MemberFieldView } from '../../../server/routes/member-field-schemas'
import { requestJson } from '../api/http'

export type MyFields = z.infer<typeof FieldsAndAnswers>

export const fetchRegistrationFields = () =>
  requestJson<{ fields: z.infer<typeof MemberFieldView>[] }>('/api/register/fields')

export const fetchMyFields = (token: string) => requestJson<MyFields>('/api/me/fields', { token })

export const updateMyFields = (token: string, answers: AnswersSent) =>
  requestJson<MyFields>('/api/me/fields', { method: 'PUT', token, body: { answers } })
