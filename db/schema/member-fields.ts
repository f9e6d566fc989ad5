// Custom member fields (カスタムプロフィール): the questions a shop defines (`member_fields`) and each member's answers
// (`member_field_answers`, one row per value, so segments read them from an index).
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import type { FieldChoice, MemberFieldType } from '../../server/domain/member-fields'
import { createdAt, instant } from './columns'
import { members } from './members'

export const memberFields = sqliteTable('member_fields', {
  id: integer().primaryKey({ autoIncrement: true }),
  /** Stable: the CSV column, the segment filter's name for it. */
  key: text().notNull().unique(),
  labelJa: text().notNull(),
  labelEn: text().notNull(),
  type: text().$type<MemberFieldType>().notNull(),
  /** Choice types: the options in order, each with a stable value; archived ones stay for the answers holding them. */
  choices: text({ mode: 'json' }).$type<FieldChoice[]>().notNull(),
  required: integer({ mode: 'boolean' }).notNull().default(false),
  askAtRegistration: integer({ mode: 'boolean' }).notNull().default(false),
  /** Order in forms and the export, ascending. */
  position: integer().notNull(),
  /** Archived: no longer asked, shown or exported; its answers are kept and it can be restored. */
  archived: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  updatedAt: instant().notNull(),
})

export const memberFieldAnswers = sqliteTable(
  'member_field_answers',
  {
    memberId: integer()
      .notNull()
      .references(() => members.id),
    fieldId: integer()
      .notNull()
      .references(() => memberFields.id),
    /** The text, the choice's value, or the date `YYYY-MM-DD` (sorts as it reads, so ranges use the index). */
    value: text().notNull(),
    answeredAt: instant().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.fieldId, t.value] }),
    // Segment filters: the members with a value (or a range of dates) of a field, from this index alone.
    index('member_field_answers_value_idx').on(t.fieldId, t.value, t.memberId),
  ],
)

export type MemberField = typeof memberFields.$inferSelect
