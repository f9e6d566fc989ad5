// What an API key may do: the scopes an admin grants when creating it, and the request limit tiers it can have.

/** Every scope, in the order the console lists them; each integration route requires exactly one. */
export const apiScopes = ['reservations', 'purchases', 'members:read', 'tags', 'coupons', 'orders', 'carts'] as const
export type ApiScope = (typeof apiScopes)[number]

/** The scopes of keys made before scopes existed: they were for the booking system. */
export const legacyApiScopes: ApiScope[] = ['reservations']

/** Requests per minute per key, by tier (server/rate-limit/rules.ts has one rule per tier). */
export const apiKeyRateTiers = { low: 60, standard: 300, high: 1200 } as const
export const apiKeyRateTierNames = ['low', 'standard', 'high'] as const satisfies (keyof typeof apiKeyRateTiers)[]
export type ApiKeyRateTier = (typeof apiKeyRateTierNames)[number]
