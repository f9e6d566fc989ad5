// What a scheduled job is given outside the HTTP app (a Workers test, a benchmark): the database, configuration and
// an injected clock, with the LINE client and the rate limiter the app would have.
import type { Database } from '../../db/client'
import type { Config } from '../../server/config'
import type { AppDeps } from '../../server/env'
import { createLinePlatform } from '../../server/line/platform'
import { createMemoryRateLimiter } from '../../server/rate-limit/limiter'
import type { NewMemberInput } from '../../server/data/linking'

export function jobDeps(config: Config, db: Database, clock: () => Date): AppDeps {
  return {
    config,
    db,
    line: createLinePlatform(config.line, clock),
    clock,
    background: () => {},
    rateLimiter: createMemoryRateLimiter(clock),
    clientAddress: () => undefined,
  }
}

/** A registration's form for `lineUserId`, opted in to messages (the data layer takes any policy version). */
export const registration = (lineUserId: string, name = '会員 太郎'): NewMemberInput => ({
  lineUserId,
  name,
  nameKana: 'カイイン タロウ',
  birthday: '1990-01-01',
  phone: '09000000000',
  prefecture: '東京都',
  marketingOptIn: true,
  termsVersion: '1',
  privacyVersion: '1',
})
