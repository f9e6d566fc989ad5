// Staff rows for tests: the demo shop's seeded admin and clerk, and more staff added with their role and store.
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { staff, type Staff, type StaffRole } from '../../db/schema'

/** The demo shop's seeded admin. */
export const seededAdmin = async (db: Database): Promise<Staff> =>
  (await db.query.staff.findFirst({ where: eq(staff.role, 'admin') }))!

/** The demo shop's seeded clerk (role `staff`, at the first store). */
export const seededClerk = async (db: Database): Promise<Staff> =>
  (await db.query.staff.findFirst({ where: eq(staff.role, 'staff') }))!

/** Adds one staff member, with a LINE user id of its own, and answers its row. */
export async function addStaff(db: Database, role: StaffRole, storeId: number | null, displayName: string) {
  const lineUserId = `U${crypto.randomUUID().replaceAll('-', '')}`
  return (await db.insert(staff).values({ lineUserId, displayName, storeId, role }).returning())[0]!
}
