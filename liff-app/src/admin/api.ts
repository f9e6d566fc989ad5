// HTTP calls of the admin console through the app's one fetch wrapper (api/http.ts), with the session token.

import { ApiError, NetworkError, readAnswer, requestJson, type RequestOptions } from '../api/http'
import { useSessionStore } from '../stores/session'

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
    upload: <T>(path: string, bytes: ArrayBuffer) =>
      call<T>(path, { method: 'POST', raw: { bytes, type: 'text/csv' } }),
    download: (path: string) => call<Blob>(path, { read: readFile }),
  }
}

export const query = (params: Record<string, string | number | undefined | null>) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** A human message for an error from the console's calls. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof NetworkError) return 'ネットワークに接続できません / Network unavailable'
  return err instanceof Error ? err.message : String(err)
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
