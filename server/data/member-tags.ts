// Tags and attributes the shop's systems keep on a member (`member_tags`): read for the console and the API.
import { asc, eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { memberTags } from '../../db/schema'

/** A member's tags by name, with their values ('' for a plain tag), who set them and when. */
export function tagsOf(db: Database, memberId: number) {
  return db
    .select({ name: memberTags.name, value: memberTags.value, setBy: memberTags.setBy, setAt: memberTags.setAt })
    .from(memberTags)
    .where(eq(memberTags.memberId, memberId))
    .orderBy(asc(memberTags.name))
}
