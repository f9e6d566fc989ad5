// GET and POST /api/consent: whether the member must agree to changed terms or privacy policy, and agreeing.

import { requestJson } from './http'

export interface PolicyVersion {
  version: string
  url: string
  effectiveAt: string | null
  requiresReconsent: boolean
}

export interface ConsentStatus {
  required: boolean
  policies: { terms: PolicyVersion; privacy: PolicyVersion }
  consented: { terms: string | null; privacy: string | null }
}

export const fetchConsentStatus = (token: string) => requestJson<ConsentStatus>('/api/consent', { token })

export const giveConsent = (token: string, versions: { termsVersion: string; privacyVersion: string }) =>
  requestJson<ConsentStatus>('/api/consent', { method: 'POST', token, body: { ...versions, agreed: true } })
