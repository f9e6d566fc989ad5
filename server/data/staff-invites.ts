// One-time staff invites: the code is shown once and only its hash is stored; claiming is one atomic batch.
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { lineAccounts, staff, staffInvites, stores, type Staff, type StaffRole } from '../../db/schema'
import { refuse, type Refusal } from '../domain/refusal'
import { staffActor } from './audit'

const encoder = new TextEncoder()

export async function hashInviteCode(code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(code.trim()))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** 128 random bits, base64url: long enough that guessing is hopeless, short enough to paste. */
export function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export interface NewInvite {
  storeId: number | null
  role: StaffRole
  createdBy: string
  expiresAt: Date
}

export async function createInvite(db: Database, invite: NewInvite, now: Date) {
  const code = newInviteCode()
  const [row] = await db.batch([
    db.insert(staffInvites).values({ ...invite, codeHash: await hashInviteCode(code), createdAt: now }).returning(),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      VALUES (${invite.createdBy}, 'staff.invited', NULL, ${JSON.stringify({ role: invite.role, expiresAt: invite.expiresAt.toISOString() })}, ${invite.storeId}, ${now.getTime()})`),
  ])
  return { code, invite: row[0]! }
}

/**
 * Makes `lineUserId` staff with the invite's store and role, once: the invite is marked used and the staff row
 * written in the same batch, so two people racing with one code cannot both join. A deactivated person may rejoin.
 */
export async function claimInvite(db: Database, code: string, lineUserId: string, now: Date): Promise<Staff | Refusal> {
  const codeHash = await hashInviteCode(code)
  const at = now.getTime()
  const claimedHere = sql`code_hash = ${codeHash} AND used_at = ${at} AND used_by_staff_id IS NULL`
  const account = await db.query.lineAccounts.findFirst({ where: eq(lineAccounts.lineUserId, lineUserId), columns: { displayName: true } })
  const displayName = account?.displayName ?? 'スタッフ'
  await db.batch([
    db.run(sql`UPDATE staff_invites SET used_at = ${at}
      WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${at}
        AND NOT EXISTS (SELECT 1 FROM staff WHERE line_user_id = ${lineUserId} AND active = 1)`),
    db.run(sql`INSERT INTO staff (line_user_id, display_name, store_id, role, active, created_at, deactivated_at)
      SELECT ${lineUserId}, ${displayName}, store_id, role, 1, ${at}, NULL FROM staff_invites WHERE ${claimedHere}
      ON CONFLICT (line_user_id) DO UPDATE SET store_id = excluded.store_id, role = excluded.role, active = 1,
        deactivated_at = NULL, display_name = excluded.display_name`),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      SELECT ${`line:${lineUserId}`}, 'staff.joined', 'staff:' || (SELECT id FROM staff WHERE line_user_id = ${lineUserId}),
        json_object('invite', id, 'role', role), store_id, ${at}
      FROM staff_invites WHERE ${claimedHere}`),
    db.run(sql`UPDATE staff_invites SET used_by_staff_id = (SELECT id FROM staff WHERE line_user_id = ${lineUserId})
      WHERE ${claimedHere}`),
  ])
  const [invite, member] = await Promise.all([
    db.query.staffInvites.findFirst({ where: eq(staffInvites.codeHash, codeHash) }),
    db.query.staff.findFirst({ where: eq(staff.lineUserId, lineUserId) }),
  ])
  if (invite && member && invite.usedByStaffId === member.id && invite.usedAt?.getTime() === at) return member
  if (!invite) return refuse('invite_not_found', 'This invite code is not valid: ask for a new one')
  if (invite.usedAt) {
    if (member?.active && invite.usedByStaffId === member.id) return member // a retry by the person who claimed it
    return refuse('invite_used', 'This invite code has already been used')
  }
  if (member?.active) return refuse('already_staff', 'You are already registered as staff')
  if (invite.expiresAt.getTime() <= at) return refuse('invite_expired', 'This invite code has expired: ask for a new one')
  return refuse('invite_refused', 'The invite could not be used; please try again')
}

/** Deactivates a staff member (kept for the audit trail); managers only within their own store, never admins. */
export async function deactivateStaff(db: Database, target: Staff, actor: Staff, now: Date) {
  await db.batch([
    db.update(staff).set({ active: false, deactivatedAt: now }).where(and(eq(staff.id, target.id), eq(staff.active, true))),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      VALUES (${staffActor(actor)}, 'staff.deactivated', ${`staff:${target.id}`}, ${JSON.stringify({ role: target.role })},
        ${target.storeId}, ${now.getTime()})`),
  ])
}

export const findStaff = (db: Database, id: number) => db.query.staff.findFirst({ where: eq(staff.id, id) })

export async function storeExists(db: Database, id: number): Promise<boolean> {
  return !!(await db.query.stores.findFirst({ where: eq(stores.id, id), columns: { id: true } }))
}

/** The staff of one store (newest first), or of every store for `null`. */
export function listStaff(db: Database, storeId: number | null) {
  return db.query.staff.findMany({
    where: storeId === null ? undefined : eq(staff.storeId, storeId),
    orderBy: desc(staff.id),
  })
}

/** Gives a staff member a role and store, with the `staff.role_changed` audit entry, in one batch. */
export async function setStaffRole(db: Database, target: Staff, role: StaffRole, storeId: number | null, actor: string, now: Date) {
  await db.batch([
    db.update(staff).set({ role, storeId }).where(eq(staff.id, target.id)),
    db.run(sql`INSERT INTO audit_log (actor, action, target, detail, store_id, at)
      VALUES (${actor}, 'staff.role_changed', ${`staff:${target.id}`},
        ${JSON.stringify({ from: { role: target.role, storeId: target.storeId }, to: { role, storeId } })}, ${storeId}, ${now.getTime()})`),
  ])
}
