// How long a LINE account must wait before its next link attempt: a few failures are free, then each further one
// doubles the wait. Counted only over the account's own attempts, so no one else's failures can hold an owner up.
export interface LinkDelayRule {
  /** Failures (within `linkAttemptWindowMs`) that cost no wait. */
  freeFailures: number
  /** The wait after the first failure past the free ones; each further failure doubles it, up to `maxWaitMs`. */
  firstWaitMs: number
  maxWaitMs: number
}

export const linkDelays = {
  /** One LINE account on one member number: room for an owner unsure which birthday format or PIN they used. */
  perNumber: { freeFailures: 5, firstWaitMs: 60_000, maxWaitMs: 60 * 60_000 },
  /** One LINE account on any numbers (and numbers that are not valid): guessing across cards. */
  perAccount: { freeFailures: 10, firstWaitMs: 60_000, maxWaitMs: 60 * 60_000 },
} as const satisfies Record<string, LinkDelayRule>

/** Failures older than this no longer count. */
export const linkAttemptWindowMs = 24 * 60 * 60_000

/** One member number failed from this many LINE accounts within the window raises `alert.link_guessing`, once a window. */
export const linkGuessingAlert = { accounts: 5, windowMs: 60 * 60_000 } as const

/** Doublings past which the wait is at its cap anyway (keeps `2 ** n` and SQL's `1 << n` small). */
export const maxDoublings = 20

/** The wait after the last of `failures` failures (0 while they are free). */
export function linkWaitMs(rule: LinkDelayRule, failures: number): number {
  if (failures < rule.freeFailures) return 0
  return Math.min(rule.maxWaitMs, rule.firstWaitMs * 2 ** Math.min(failures - rule.freeFailures, maxDoublings))
}
