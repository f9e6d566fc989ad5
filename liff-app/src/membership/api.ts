// ID連携 and data rights: link, register, start the account-link flow, my profile and consents, unlink, export, delete.

import type { z } from '@hono/zod-openapi'
import type { Policies as PoliciesSchema } from '../../../server/legal/versions'
import type { AccountLinkStart } from '../../../server/routes/customer/account-link'
import type { Linked, LinkRequest } from '../../../server/routes/customer/link'
import type { Deleted, Unlinked } from '../../../server/routes/customer/me'
import type {
  MyProfile as MyProfileSchema,
  ProfileUpdate as ProfileUpdateSchema,
} from '../../../server/routes/customer/profile'
import type { Registered, RegisterRequest } from '../../../server/routes/customer/register'
import { requestJson } from '../api/http'

export type Policies = z.infer<typeof PoliciesSchema>
export type LinkInput = z.input<typeof LinkRequest>
/** The form's prefecture is a `<select>` value, checked before submit (and refused by the server when unknown). */
export type RegisterInput = Omit<z.input<typeof RegisterRequest>, 'prefecture'> & { prefecture: string }

export const linkMembership = (token: string, body: LinkInput) =>
  requestJson<z.infer<typeof Linked>>('/api/link', { method: 'POST', token, body })

export const fetchPolicies = () => requestJson<Policies>('/api/register/policies')

export const registerMembership = (token: string, body: RegisterInput) =>
  requestJson<z.infer<typeof Registered>>('/api/register', { method: 'POST', token, body })

export const startAccountLink = (token: string) =>
  requestJson<z.infer<typeof AccountLinkStart>>('/api/account-link', { method: 'POST', token })

export const unlinkMembership = (token: string) =>
  requestJson<z.infer<typeof Unlinked>>('/api/me/unlink', { method: 'POST', token })

export const exportMyData = (token: string) => requestJson<Record<string, unknown>>('/api/me/export', { token })

export const deleteMembership = (token: string) =>
  requestJson<z.infer<typeof Deleted>>('/api/me/delete', {
    method: 'POST',
    token,
    body: { confirm: true },
  })

/** My profile and consents as the settings page edits them (phone as stored: digits only). */
export type MyProfile = z.infer<typeof MyProfileSchema>
export type ProfileUpdate = z.input<typeof ProfileUpdateSchema>

export const fetchMyProfile = (token: string) => requestJson<MyProfile>('/api/me/profile', { token })

export const updateMyProfile = (token: string, body: ProfileUpdate) =>
  requestJson<MyProfile>('/api/me/profile', { method: 'PATCH', token, body })
