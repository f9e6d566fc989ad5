// Staff invites and deactivation: an admin (any store and role) or a manager (staff of their own store) issues a one-time code; the
// person who opens it joins. Each is one batch with its audit entry (server/data/staff-invites.ts).
import type { Staff, StaffInvite, StaffRole } from '../../db/schema'
import { claimInvite, createInvite, deactivateStaff, findStaff, setStaffRole, storeExists } from '../data/staff-invites'
import { isRefusal, refuse, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'
import { staffActor } from '../data/audit'

export interface InviteInput {
  /** Who invites. */
  actor: Staff
  storeId: number
  role: StaffRole
  expiresInHours: number
}

export interface Invited {
  ok: true
  /** Shown once; only its hash is stored. */
  code: string
  invite: StaffInvite
}

export async function issueStaffInvite(ctx: UseCaseContext, input: InviteInput): Promise<Invited | Refusal> {
  const { db } = ctx
  const { actor } = input
  if (actor.role === 'manager' && (input.storeId !== actor.storeId || input.role !== 'staff')) {
    return refuse('other_store', 'Managers can invite staff to their own store only')
  }
  if (!(await storeExists(db, input.storeId))) return refuse('store_not_found', 'No store with this id')
  const now = ctx.clock()
  const expiresAt = new Date(now.getTime() + input.expiresInHours * 3_600_000)
  const created = await createInvite(
    db,
    { storeId: input.storeId, role: input.role, createdBy: `staff:${actor.id}`, expiresAt },
    now,
  )
  return { ok: true, ...created }
}

/** A staff member as a use case wrote them (joined, or deactivated). */
export interface StaffWritten {
  ok: true
  staff: Staff
}

/** The LINE user who opens an invite joins as its store's staff, once (a retry by the same person is answered again). */
export async function joinWithInvite(
  ctx: UseCaseContext,
  input: { code: string; lineUserId: string },
): Promise<StaffWritten | Refusal> {
  const staff = await claimInvite(ctx.db, input.code, input.lineUserId, ctx.clock())
  return isRefusal(staff) ? staff : { ok: true, staff }
}

/** Deactivates a staff member (kept for the audit trail); managers only within their own store, never admins. */
export async function deactivateStaffMember(
  ctx: UseCaseContext,
  input: { actor: Staff; staffId: number },
): Promise<StaffWritten | Refusal> {
  const { actor } = input
  const target = await findStaff(ctx.db, input.staffId)
  if (!target) return refuse('staff_not_found', 'No staff member with this id')
  if (target.id === actor.id) return refuse('cannot_deactivate_self', 'You cannot deactivate yourself')
  if (actor.role === 'manager' && (target.storeId !== actor.storeId || target.role === 'admin')) {
    return refuse('other_store', 'Managers can deactivate staff of their own store only')
  }
  await deactivateStaff(ctx.db, target, actor, ctx.clock())
  return { ok: true, staff: { ...target, active: false } }
}

export interface RoleChanged {
  ok: true
  staffId: number
  /** The store the person now belongs to (null for an admin). */
  storeId: number | null
}

/** An admin gives another staff member a role and store (admins belong to no store). */
export async function changeStaffRole(
  ctx: UseCaseContext,
  input: { actor: Staff; staffId: number; role: StaffRole; storeId: number | null },
): Promise<RoleChanged | Refusal> {
  const { db } = ctx
  const { role } = input
  if (input.staffId === input.actor.id) return refuse('cannot_change_own_role', 'You cannot change your own role')
  if (role !== 'admin' && input.storeId === null)
    return refuse('store_required', 'Staff and managers belong to a store')
  const target = await findStaff(db, input.staffId)
  if (!target) return refuse('staff_not_found', 'No staff member with this id')
  const storeId = role === 'admin' ? null : input.storeId
  if (storeId !== null && !(await storeExists(db, storeId))) return refuse('store_not_found', 'No store with this id')
  await setStaffRole(db, target, role, storeId, staffActor(input.actor), ctx.clock())
  return { ok: true, staffId: target.id, storeId }
}
