// Tags and attributes the shop's systems keep on a member (`member_tags`): read for the console and the API.
import { asc, eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { memberTags } from '../../db/schema'

/** Tag names in use (the first `limit` by name), which the scenario editor offers to start on. */
export async function tagNamesInUse(db: Database, limit = 200): Promise<string[]> {
  const rows = await db.selectDistinct({ name: memberTags.name }).from(memberTags).orderBy(asc(memberTags.name)).limit(limit)
  return rows.map((r) => r.name)
}

/** A member's tags by name, with their values ('' for a plain tag), who set them and when. */
export function tagsOf(db: Database, memberId: number) {
  return db
    .select({ name: memberTags.name, value: memberTags.value, setBy: memberTags.setBy, setAt: memberTags.setAt })
    .from(memberTags)
    .where(eq(memberTags.memberId, memberId))
    .orderBy(asc(memberTags.name))
}
