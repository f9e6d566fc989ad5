// HTTP calls of the admin console through the app's one fetch wrapper (api/http.ts), with the session token.

import type { z } from '@hono/zod-openapi'
import type { CampaignContentSchema } from '../../../server/domain/campaign-content'
import type { SegmentSchema } from '../../../server/domain/segment'
import type { CampaignView, Progress, Results } from '../../../server/routes/admin/campaigns'
import type { ReminderPlan } from '../../../server/routes/admin/reservations'
import type { AdminReport } from '../../../server/routes/admin/reports'
import type { Store as StoreSchema } from '../../../server/routes/admin/stores'
import type { ShopSettings } from '../../../server/data/settings'
import type { listRoute as apiKeysRoute } from '../../../server/routes/admin/api-keys'
import type { route as auditRoute } from '../../../server/routes/admin/audit'
import type { listRoute as couponsRoute } from '../../../server/routes/admin/coupons'
import type { listRoute as fieldsRoute } from '../../../server/routes/admin/member-fields'
import type { searchRoute as membersRoute } from '../../../server/routes/admin/member-records'
import type { list as reservationsRoute } from '../../../server/routes/admin/reservations'
import type { listRoute as scenariosRoute, tagNamesRoute } from '../../../server/routes/admin/scenarios'
import type { getRoute as settingsRoute } from '../../../server/routes/admin/settings'
import type { listRoute as staffRoute } from '../../../server/routes/admin/staff'
import type { listRoute as storesRoute } from '../../../server/routes/admin/stores'
import type { listRoute as templatesRoute } from '../../../server/routes/admin/trigger-templates'
import { ApiError, NetworkError, readAnswer, requestJson, type RequestOptions } from '../api/http'
import { ref } from 'vue'
import { format } from '../i18n/translate'
import { useSessionStore } from '../stores/session'
import { adminErrorMessages, unknownError } from './error-messages'
import { adminLocale } from './locale'

/** A CSV download: the file as a Blob when it comes, the error's JSON otherwise. */
async function readFile(res: Response) {
  return res.ok ? { ok: true, status: res.status, statusText: res.statusText, body: await res.blob() } : readAnswer(res)
}

export function useAdminApi() {
  const session = useSessionStore()
  const call = <T>(path: string, options: Omit<RequestOptions, 'token'> = {}) =>
    session.authorized((token) => requestJson<T>(`/api${path}`, { ...options, token }))
  return {
    get: <T>(path: string) => call<T>(path),
    post: <T>(path: string, body?: unknown) => call<T>(path, { method: 'POST', body }),
    put: <T>(path: string, body: unknown) => call<T>(path, { method: 'PUT', body }),
    patch: <T>(path: string, body: unknown) => call<T>(path, { method: 'PATCH', body }),
    remove: <T>(path: string) => call<T>(path, { method: 'DELETE' }),
    upload: <T>(path: string, bytes: ArrayBuffer) =>
      call<T>(path, { method: 'POST', body: new Blob([bytes], { type: 'text/csv' }) }),
    download: (path: string) => call<Blob>(path, { read: readFile }),
  }
}

export const query = (params: Record<string, string | number | undefined | null>) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** The console's sentence for an error from its calls, in its language; never the server's English. */
export function errorText(err: unknown): string {
  const locale = adminLocale()
  if (err instanceof NetworkError) return format(adminErrorMessages.offline!, locale)
  const code = err instanceof ApiError ? err.code : 'unknown'
  const known =
    adminErrorMessages[code] ?? (err instanceof ApiError && err.status >= 500 ? adminErrorMessages.internal : undefined)
  return format(known ?? unknownError, locale, { code })
}

/** A console page's error line, and `attempt`: runs a call, and a failure becomes that line (`attempt` then gives false). */
export function useErrorLine() {
  const error = ref('')
  async function attempt(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work()
      return true
    } catch (err) {
      error.value = errorText(err)
      return false
    }
  }
  return { error, attempt }
}

export type Segment = z.infer<typeof SegmentSchema>
export type LineStatus = NonNullable<Segment['lineStatuses']>[number]
export type CampaignContent = z.infer<typeof CampaignContentSchema>
/** A campaign; its content as the editor wrote it (the server answers it as stored). */
export type Campaign = Omit<z.infer<typeof CampaignView>, 'content'> & { content: CampaignContent | null }
export type CampaignProgress = z.infer<typeof Progress>
export type CampaignResults = z.infer<typeof Results>
/** The reminder rules of one reservation: when each will be (or was) sent, or why not. */
export type ReminderPlanView = z.infer<typeof ReminderPlan>
export type RulePlan = ReminderPlanView['rules'][number]
export type Store = z.infer<typeof StoreSchema>
/** What each campaign, scenario step and trigger earned over a period (GET /api/admin/reports). */
export type MessageReport = AdminReport

export type { ShopSettings }

/** The JSON a server route answers with 200, inferred from its contract's zod schema (type-only, never copied). */
type Ok<R extends { responses: { 200: { content: { 'application/json': { schema: z.ZodType } } } } }> = z.output<
  R['responses'][200]['content']['application/json']['schema']
>
/** GET answers of the console's lists. */
export type ApiKeyList = Ok<typeof apiKeysRoute>
export type AuditList = Ok<typeof auditRoute>
export type CouponList = Ok<typeof couponsRoute>
export type FieldList = Ok<typeof fieldsRoute>
export type MemberList = Ok<typeof membersRoute>
export type ReservationList = Ok<typeof reservationsRoute>
export type ScenarioList = Ok<typeof scenariosRoute>
export type TagNames = Ok<typeof tagNamesRoute>
export type SettingsAnswer = Ok<typeof settingsRoute>
export type StaffList = Ok<typeof staffRoute>
export type StoreList = Ok<typeof storesRoute>
export type TemplateList = Ok<typeof templatesRoute>
export type RetentionKey = keyof ShopSettings['retention']
