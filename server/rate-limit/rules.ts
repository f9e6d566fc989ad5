// Every request limit in one place: the Node limiter reads this table, and wrangler.toml's `[[ratelimits]]` bindings
// must say the same (test/server/rate-limit/rules.test.ts checks that they do).
import { apiKeyRateTiers } from '../domain/api-scopes'

export interface RateLimitRule {
  /** Requests allowed per period and key. */
  limit: number
  /** Seconds; Cloudflare's Rate Limiting binding accepts only 10 or 60. */
  periodSeconds: 10 | 60
}

/**
 * Generous on purpose: they stop scripted floods (300 session exchanges a second), not people. A customer opens the
 * card a few times a minute at most; a family, a shop's Wi-Fi or a carrier's NAT puts many LINE users behind one
 * address; a busy till's one staff phone scans every 3 s (20 a minute), and a shop may run several tills on one line.
 */
export const rateLimitRules = {
  /** POST /api/session, per LINE user (after the ID token is verified). */
  sessionPerUser: { limit: 30, periodSeconds: 60 },
  /** POST /api/session, per client address. */
  sessionPerClient: { limit: 300, periodSeconds: 60 },
  /** /api/account-link (each start asks LINE for a link token), per LINE user. */
  accountLinkPerUser: { limit: 10, periodSeconds: 60 },
  /** /api/account-link and the account-link login form, per client address. */
  accountLinkPerClient: { limit: 60, periodSeconds: 60 },
  /** Staff card look-ups (scanned QR, typed member number), per staff LINE user: 3× a till scanning every 3 s. */
  staffCardsPerUser: { limit: 60, periodSeconds: 60 },
  /** Staff card look-ups per client address: a shop with several tills behind one address. */
  staffCardsPerClient: { limit: 240, periodSeconds: 60 },
  /**
   * GET /api/card/changes (the open card's long-poll), per LINE user: an idle card asks ~2.4 times a minute and once
   * more per change; this stops a client that re-arms in a loop (a storm), not a busy till.
   */
  cardChangesPerUser: { limit: 30, periodSeconds: 60 },
  /** Integration API requests per API key, by the key's tier (`apiKeyRateTiers`: a POS till, a busy EC site). */
  apiKeyLow: { limit: apiKeyRateTiers.low, periodSeconds: 60 },
  apiKeyStandard: { limit: apiKeyRateTiers.standard, periodSeconds: 60 },
  apiKeyHigh: { limit: apiKeyRateTiers.high, periodSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>

export type RateLimitName = keyof typeof rateLimitRules

/** The Workers binding of a rule: `sessionPerUser` → `RATE_LIMIT_SESSION_PER_USER`. */
export const bindingName = (name: RateLimitName) => `RATE_LIMIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`
