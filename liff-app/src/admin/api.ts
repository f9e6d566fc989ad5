// HTTP calls of the admin console: JSON in/out with the session token, errors as the app's ApiError.

import { ApiError, NetworkError } from '../api/http'
import { format } from '../i18n/translate'
import { useSessionStore } from '../stores/session'
import { adminErrorMessages, unknownError } from './error-messages'
import { adminLocale } from './locale'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH'

async function send<T>(
  token: string,
  method: Method,
  path: string,
  body?: unknown,
  raw?: { bytes: ArrayBuffer; type: string },
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` }
  if (raw) headers['content-type'] = raw.type
  else if (body !== undefined) headers['content-type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      body: raw ? raw.bytes : body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    })
  } catch (err) {
    throw new NetworkError(err)
  }
  if (path.endsWith('.csv') && res.ok) return (await res.blob()) as T
  const data: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
    throw new ApiError(
      res.status,
      error?.code ?? `http_${res.status}`,
      error?.message ?? res.statusText,
      error?.details,
    )
  }
  return data as T
}

export function useAdminApi() {
  const session = useSessionStore()
  const call = <T>(method: Method, path: string, body?: unknown, raw?: { bytes: ArrayBuffer; type: string }) =>
    session.authorized((token) => send<T>(token, method, `/api${path}`, body, raw))
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    upload: <T>(path: string, bytes: ArrayBuffer) => call<T>('POST', path, undefined, { bytes, type: 'text/csv' }),
    download: (path: string) => call<Blob>('GET', path),
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

export type LineStatus = 'none' | 'unknown' | 'friend' | 'blocked'

export interface Segment {
  ranks?: string[]
  birthdayMonths?: number[]
  prefectures?: string[]
  storeIds?: number[]
  visitedWithinDays?: number
  notVisitedForDays?: number
  pointsExpiringWithinDays?: number
  lineStatuses?: LineStatus[]
}

export type CampaignContent =
  | { template: 'text'; text: string }
  | {
      template: 'coupon'
      title: string
      description: string
      code?: string
      validUntil?: string
      imageUrl?: string
      url?: string
      buttonLabel?: string
    }
  | { template: 'news'; title: string; body: string; imageUrl?: string; url?: string; buttonLabel?: string }
  | { template: 'points'; title: string; body: string; url?: string; buttonLabel?: string }

export interface Campaign {
  id: number
  name: string
  status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'
  segment: Segment
  content: CampaignContent | null
  messages: unknown[]
  scheduledAt: string | null
  /** When a scheduled or starting campaign goes out (the end of quiet hours it falls in). */
  sendsAt: string | null
  quietHoursOverride: string | null
  personalised: boolean
  sentAt: string | null
  recipients: number
  lastError: string | null
  createdAt: string
}

export interface CampaignProgress {
  recipients: number
  byStatus: Record<string, number>
  reasons: { status: string; reason: string; count: number }[]
  nextAttemptAt: string | null
}

/** One reminder rule of a reservation: when it will be (or was) sent, or why not. */
export interface RulePlan {
  offsetMinutes: number
  dueAt: string
  sendAt: string | null
  movedForQuietHours: boolean
  reason: 'too_late' | 'quiet_hours' | 'superseded' | null
  status: string | null
  lastError: string | null
}
export interface ReminderPlanView {
  reason: 'reservation_closed' | 'started' | 'not_linked' | 'blocked' | 'member_inactive' | null
  rules: RulePlan[]
}

export interface Store {
  id: number
  code: string
  name: string
  timeZone: string
  address: string | null
  phone: string | null
  mapUrl: string | null
  staffCount: number
}

export interface ShopSettings {
  ranks: { key: string; label: string; minSpend: number; pointsPer100Yen: number }[]
  points: { validityDays: number; redeemUnit: number; rounding: 'floor' | 'round' | 'ceil'; yenPerPoint?: number }
  checkout: {
    dailyEarnCap: number | null
    maxPurchaseAmount: number
    requireCardToRedeem: boolean
    [k: string]: unknown
  }
  messaging: {
    quietHours: { start: string; end: string } | null
    expiryWarningDays: number
    /** The shop's booking page, for the "book again" button of a cancellation notice. */
    rebookUrl?: string | null
  }
  retention: Record<RetentionKey, number>
}

export type RetentionKey =
  | 'deliveriesDays'
  | 'webhookEventsDays'
  | 'cardScansDays'
  | 'linkAttemptsDays'
  | 'accountLinkNoncesDays'
  | 'staffInvitesDays'
  | 'redeemApprovalsDays'
