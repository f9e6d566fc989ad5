// Tags and attributes the shop's own systems (POS, EC site) set on a member through the API: one value per name.
import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { instant, rowOf } from './columns'
import { members } from './members'

export const memberTags = sqliteTable(
  'member_tags',
  {
    memberId: rowOf(() => members.id),
    /** e.g. `vip`, `favorite_category`. */
    name: text().notNull(),
    /** An attribute's value; '' for a plain tag. */
    value: text().notNull().default(''),
    /** Who set it: `apikey:<id>`. */
    setBy: text().notNull(),
    setAt: instant().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.name] }),
    // Segment filters: the members with a tag (and value) read from this index alone.
    index('member_tags_name_idx').on(t.name, t.value, t.memberId),
  ],
)

export type MemberTag = typeof memberTags.$inferSelect
