// Reminder rules as the admin edits them: the whole list replaced at once, with its audit entry, in one batch.
import { asc, eq, notInArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { reminderRules, type ReminderRule } from '../../db/schema'
import { audit } from './audit'

export const listReminderRules = (db: Database) =>
  db.select().from(reminderRules).orderBy(asc(reminderRules.kind), asc(reminderRules.offset))

export type ReminderRuleEdit = Pick<ReminderRule, 'kind' | 'offset' | 'template' | 'enabled'> & { id?: number }

/** Keeps the rules with an id (updated), adds those without, deletes the rest. */
export async function replaceReminderRules(db: Database, rules: ReminderRuleEdit[], actor: string, now: Date) {
  const keep = rules.flatMap((r) => (r.id ? [r.id] : []))
  await db.batch([
    keep.length > 0
      ? db
          .delete(reminderRules)
          .where(notInArray(reminderRules.id, sql`(SELECT value FROM json_each(${JSON.stringify(keep)}))`))
      : db.delete(reminderRules),
    ...rules.map((r) =>
      r.id
        ? db
            .update(reminderRules)
            .set({ kind: r.kind, offset: r.offset, template: r.template, enabled: r.enabled })
            .where(eq(reminderRules.id, r.id))
        : db.insert(reminderRules).values({ kind: r.kind, offset: r.offset, template: r.template, enabled: r.enabled }),
    ),
    audit(db, { actor, action: 'reminder_rules.updated', target: 'reminder_rules', detail: { rules } }, now.getTime()),
  ])
}
