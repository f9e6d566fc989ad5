// Display names for audit-log actors and targets (`staff:3`, `member:18`, `line:U…`), so the console can say who and whom.
import { and, desc, eq, gte, inArray, like, lt, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { auditLog, lineAccounts, members, staff, stores, type Staff } from '../../db/schema'
import { staffActor } from './audit'

/** A member as the console names one: number and name. */
export interface MemberName {
  number: string
  name: string
}

export interface AuditNames {
  staff: Map<number, string>
  /** Staff id → role now, so the console can say 「管理者」 for an admin's `staff:N` entries. */
  roles: Map<number, Staff['role']>
  members: Map<number, MemberName>
  /** LINE user id → the member it is linked to. */
  lines: Map<string, MemberName>
  stores: Map<number, string>
}

const idsOf = (refs: string[], prefix: string) =>
  [...new Set(refs.filter((r) => r.startsWith(prefix)).map((r) => Number(r.slice(prefix.length))))].filter(
    Number.isSafeInteger,
  )

/** Looks up, in four queries at most, every staff member, member, LINE account and store the references name. */
export async function auditNames(db: Database, refs: string[]): Promise<AuditNames> {
  const staffIds = idsOf(refs, 'staff:')
  const memberIds = idsOf(refs, 'member:')
  const storeIds = idsOf(refs, 'store:')
  const lineIds = [...new Set(refs.filter((r) => r.startsWith('line:')).map((r) => r.slice(5)))]
  const [staffRows, memberRows, lineRows, storeRows] = await Promise.all([
    staffIds.length
      ? db.select({ id: staff.id, name: staff.displayName, role: staff.role }).from(staff).where(inArray(staff.id, staffIds))
      : [],
    memberIds.length
      ? db
          .select({ id: members.id, number: members.memberNumber, name: members.name })
          .from(members)
          .where(inArray(members.id, memberIds))
      : [],
    lineIds.length
      ? db
          .select({ lineUserId: lineAccounts.lineUserId, number: members.memberNumber, name: members.name })
          .from(lineAccounts)
          .innerJoin(members, eq(members.id, lineAccounts.memberId))
          .where(inArray(lineAccounts.lineUserId, lineIds))
      : [],
    storeIds.length
      ? db.select({ id: stores.id, name: stores.name }).from(stores).where(inArray(stores.id, storeIds))
      : [],
  ])
  return {
    staff: new Map(staffRows.map((r) => [r.id, r.name])),
    roles: new Map(staffRows.map((r) => [r.id, r.role])),
    members: new Map(memberRows.map((r) => [r.id, { number: r.number, name: r.name }])),
    lines: new Map(lineRows.map((r) => [r.lineUserId, { number: r.number, name: r.name }])),
    stores: new Map(storeRows.map((r) => [r.id, r.name])),
  }
}

/** The display name of one reference, or null when it names nobody we know (deleted, or not a person/member/store). */
export function nameOf(names: AuditNames, ref: string | null): string | null {
  if (!ref) return null
  const [kind, rest = ''] = splitRef(ref)
  const id = Number(rest)
  const member = (m: MemberName | undefined) => (m ? `${m.number} ${m.name}` : null)
  switch (kind) {
    case 'staff':
      return names.staff.get(id) ?? null
    case 'member':
      return member(names.members.get(id))
    case 'line':
      return member(names.lines.get(rest))
    case 'store':
      return names.stores.get(id) ?? null
    default:
      return null
  }
}

/** The role of the person on the staff a reference names (`staff:N`), or null for anyone else. */
export function roleOf(names: AuditNames, ref: string): Staff['role'] | null {
  const [kind, rest] = splitRef(ref)
  return kind === 'staff' ? (names.roles.get(Number(rest)) ?? null) : null
}

function splitRef(ref: string): [string, string] {
  const at = ref.indexOf(':')
  return at < 0 ? [ref, ''] : [ref.slice(0, at), ref.slice(at + 1)]
}

/** The audit targets that mean the member with `memberNumber`: the member, and the number they registered under. */
export async function memberTargets(db: Database, memberNumber: string): Promise<string[]> {
  const [member] = await db
    .select({ id: members.id })
    .from(members)
    .where(eq(members.memberNumber, memberNumber))
    .limit(1)
  return member ? [`member:${member.id}`, `member-number:${memberNumber}`] : [`member-number:${memberNumber}`]
}

export interface AuditFilter {
  /** Exact actor, or a prefix ending in `:`. */
  actor?: string
  /** One person on the staff, whether they acted as staff or admin. */
  staffId?: number
  /** Exact action, or a prefix ending in `.`. */
  action?: string
  /** Exact target, or a member number (the member, and their registration). */
  target?: string
  from?: string
  to?: string
  page: number
  pageSize: number
}

/** One page of the audit log, newest first, plus one more entry when there are more (for `hasMore`). */
export async function searchAuditLog(db: Database, q: AuditFilter) {
  const where: SQL[] = []
  if (q.actor)
    where.push(
      q.actor.endsWith(':') ? like(auditLog.actor, `${q.actor.replace(/[%_]/g, '')}%`) : eq(auditLog.actor, q.actor),
    )
  if (q.staffId) where.push(eq(auditLog.actor, staffActor({ id: q.staffId })))
  if (q.action)
    where.push(
      q.action.endsWith('.')
        ? like(auditLog.action, `${q.action.replace(/[%_]/g, '')}%`)
        : eq(auditLog.action, q.action),
    )
  if (q.target && /^\d+$/.test(q.target))
    where.push(inArray(auditLog.target, await memberTargets(db, q.target)))
  else if (q.target) where.push(eq(auditLog.target, q.target))
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)))
  if (q.to) where.push(lt(auditLog.at, new Date(q.to)))
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.pageSize + 1)
    .offset((q.page - 1) * q.pageSize)
  return rows
}
