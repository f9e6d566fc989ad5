// The versions of the terms of use and privacy policy a customer consents to: the one place they are set.
export const currentPolicies = {
  terms: { version: '2026-04', path: '/legal/terms' },
  privacy: { version: '2026-04', path: '/legal/privacy' },
} as const
