// Fresh LINE users with a membership of their own, for use-case tests: each call a new user and member number.
import type { Database } from '../../db/client'
import { lineAccounts, members } from '../../db/schema'

export interface Newcomer {
  lineUserId: string
  memberId: number
  /** The counter behind both, for further unique values. */
  n: number
}

/**
 * The newcomers of one test file: a LINE user (`U` + a counter padded with `fill`) who is a friend, and an active
 * membership (number `prefix` + the counter in eight digits, or as `member` says) not linked yet. `db` is read at each
 * call, so it may be opened in a `beforeAll`.
 */
export function newcomers(db: () => Database, fill: string, prefix: string) {
  let n = 0
  return async (member: Partial<typeof members.$inferInsert> = {}): Promise<Newcomer> => {
    n++
    const lineUserId = `U${n.toString(16).padStart(32, fill)}`
    const memberNumber = `${prefix}${String(n).padStart(8, '0')}`
    const [row] = await db()
      .insert(members)
      .values({ memberNumber, name: `テスト ${n}`, ...member })
      .returning()
    await db().insert(lineAccounts).values({ lineUserId, friendStatus: 'friend' })
    return { lineUserId, memberId: row!.id, n }
  }
}
