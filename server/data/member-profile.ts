// Corrections to a membership's profile and consents, by the customer or an admin: the change and an audit entry
// holding the old and new value of each changed field commit together, in one batch.
import { sql, type SQL } from 'drizzle-orm'
import { wroteRow } from '../../db/affected-rows'
import type { Database } from '../../db/client'
import { members } from '../../db/schema'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'

export interface ProfileChanges {
  name?: string
  nameKana?: string | null
  phone?: string | null
  birthday?: string | null
  marketingOptIn?: boolean
  pointNotices?: boolean
}

type Field = keyof ProfileChanges

/** Each editable field's column; booleans are stored as 0/1 and shown as true/false in the audit entry. */
const columns: Record<Field, { column: string; boolean?: true }> = {
  name: { column: 'name' },
  nameKana: { column: 'name_kana' },
  phone: { column: 'phone' },
  birthday: { column: 'birthday' },
  marketingOptIn: { column: 'marketing_opt_in', boolean: true },
  pointNotices: { column: 'point_notices', boolean: true },
}

export interface ProfileEdit {
  memberId: number
  changes: ProfileChanges
  /** `line:U…` for the customer, `staff:<id>` for an admin (`staffActor`). */
  actor: string
  /** The customer may set a birthday only while none is recorded; after that only staff may change it. */
  birthdayOnceOnly: boolean
}

/** The member's profile and consents as the edit forms show them; 404 when there is no active member. */
export async function loadProfile(db: Database, memberId: number) {
  const member = await db.query.members.findFirst({
    where: sql`${members.id} = ${memberId} AND ${members.status} = 'active'`,
    columns: {
      memberNumber: true,
      name: true,
      nameKana: true,
      phone: true,
      birthday: true,
      marketingOptIn: true,
      pointNotices: true,
    },
  })
  return member ?? memberGone()
}

/**
 * Applies the fields that differ from what is stored, with a `member.profile_updated` audit entry whose detail is
 * `{ before, after }` of those fields only; the names of the changed fields (none: nothing written).
 */
export async function updateProfile(db: Database, edit: ProfileEdit, now: Date): Promise<Field[] | Refusal> {
  const current = await loadProfile(db, edit.memberId)
  if (isRefusal(current)) return current
  const changed = (Object.keys(edit.changes) as Field[]).filter(
    (f) => edit.changes[f] !== undefined && edit.changes[f] !== current[f],
  )
  if (changed.length === 0) return []
  const settingBirthday = changed.includes('birthday')
  if (settingBirthday && edit.birthdayOnceOnly && current.birthday !== null) return birthdayLocked()

  const at = now.getTime()
  const after = Object.fromEntries(changed.map((f) => [f, edit.changes[f]]))
  const before = sql.join(
    changed.map((f) => {
      const { column, boolean } = columns[f]
      const value = boolean ? `json(CASE WHEN m.${column} THEN 'true' ELSE 'false' END)` : `m.${column}`
      return sql.raw(`'${f}', ${value}`)
    }),
    sql`, `,
  )
  const assignments = sql.join(
    changed.map((f) => {
      const value = edit.changes[f]
      return sql`${sql.raw(columns[f].column)} = ${typeof value === 'boolean' ? Number(value) : value}`
    }),
    sql`, `,
  )
  // The same condition guards both statements: a member deleted, or a birthday set, in between changes nothing.
  const guard: SQL = sql`id = ${edit.memberId} AND status = 'active'${
    settingBirthday && edit.birthdayOnceOnly ? sql` AND birthday IS NULL` : sql``
  }`
  const [, updated] = await db.batch([
    // Before the update, so `before` holds the values this update replaces.
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, at)
      SELECT ${edit.actor}, 'member.profile_updated', ${`member:${edit.memberId}`},
        json_object('fields', json(${JSON.stringify(changed)}), 'before', json_object(${before}), 'after', json(${JSON.stringify(after)})),
        ${at}
      FROM members m WHERE ${guard}`),
    db.run(sql`UPDATE members SET ${assignments}, updated_at = ${at} WHERE ${guard}`),
  ])
  if (!wroteRow(updated)) {
    return settingBirthday && edit.birthdayOnceOnly ? birthdayLocked() : memberGone()
  }
  return changed
}

const memberGone = () => refuse('member_not_found', 'No active member with this id')
const birthdayLocked = () =>
  refuse('birthday_locked', 'A birthday is already recorded; ask the shop to correct it')
