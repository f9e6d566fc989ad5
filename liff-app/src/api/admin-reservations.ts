// Admin reservations: GET /api/admin/reservations (with reminder state), POST to create, POST /{id}/cancel.

import { requestJson } from './http'

export interface ReminderState {
  dedupeKey: string
  status: string
  nextAttemptAt: string
  sentAt: string | null
  lastError: string | null
}

export interface AdminReservation {
  id: number
  startsAt: string
  partySize: number
  menu: string | null
  status: string
  memberId: number
  memberNumber: string
  memberName: string
  storeName: string
  timeZone: string
  lineLinked: boolean
  reminders: ReminderState[]
}

export interface NewReservation {
  memberId: number
  storeId: number
  startsAt: string
  partySize: number
  menu?: string
}

export async function listReservations(token: string): Promise<AdminReservation[]> {
  return (await requestJson<{ reservations: AdminReservation[] }>('/api/admin/reservations', { token })).reservations
}

export function createReservation(token: string, body: NewReservation): Promise<{ id: number }> {
  return requestJson('/api/admin/reservations', { method: 'POST', token, body })
}

export function cancelReservation(token: string, id: number): Promise<unknown> {
  return requestJson(`/api/admin/reservations/${id}/cancel`, { method: 'POST', token })
}
