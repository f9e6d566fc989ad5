// ID連携 and data rights: link, register, start the account-link flow, my profile and consents, unlink, export, delete.

import { requestJson } from './http'

export interface LinkedMember {
  memberNumber: string
  name: string
}

export interface Policies {
  terms: { version: string; url: string }
  privacy: { version: string; url: string }
}

export interface LinkInput {
  memberNumber: string
  birthday?: string
  pin?: string
}

export interface RegisterInput {
  name: string
  nameKana: string
  birthday: string
  phone: string
  prefecture: string
  marketingOptIn: boolean
  termsVersion: string
  privacyVersion: string
  agreed: true
}

export const linkMembership = (token: string, body: LinkInput) =>
  requestJson<{ member: LinkedMember; linked: boolean }>('/api/link', { method: 'POST', token, body })

export const fetchPolicies = () => requestJson<Policies>('/api/register/policies')

export const registerMembership = (token: string, body: RegisterInput) =>
  requestJson<{ member: LinkedMember }>('/api/register', { method: 'POST', token, body })

export const startAccountLink = (token: string) =>
  requestJson<{ url: string }>('/api/account-link', { method: 'POST', token })

export const unlinkMembership = (token: string) =>
  requestJson<{ unlinked: true }>('/api/me/unlink', { method: 'POST', token })

export const exportMyData = (token: string) => requestJson<Record<string, unknown>>('/api/me/export', { token })

export const deleteMembership = (token: string) =>
  requestJson<{ deleted: true; forfeitedPoints: number }>('/api/me/delete', {
    method: 'POST',
    token,
    body: { confirm: true },
  })

/** My profile and consents as the settings page edits them (phone as stored: digits only). */
export interface MyProfile {
  memberNumber: string
  name: string
  nameKana: string | null
  phone: string | null
  birthday: string | null
  marketingOptIn: boolean
  pointNotices: boolean
  /** True while no birthday is recorded: the customer may set it once. */
  birthdayEditable: boolean
}

export type ProfileUpdate = Partial<
  Pick<MyProfile, 'name' | 'marketingOptIn' | 'pointNotices'> & { nameKana: string; phone: string; birthday: string }
>

export const fetchMyProfile = (token: string) => requestJson<MyProfile>('/api/me/profile', { token })

export const updateMyProfile = (token: string, body: ProfileUpdate) =>
  requestJson<MyProfile>('/api/me/profile', { method: 'PATCH', token, body })
