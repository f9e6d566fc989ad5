// Staff rows for tests: the demo shop's seeded admin, and more staff added with their role and store.
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { staff, type Staff } from '../../db/schema'

/** The demo shop's seeded admin. */
export const seededAdmin = async (db: Database): Promise<Staff> =>
  (await db.query.staff.findFirst({ where: eq(staff.role, 'admin') }))!

/** Adds one staff member and answers its row. */
export const addStaff = async (db: Database, values: typeof staff.$inferInsert): Promise<Staff> =>
  (await db.insert(staff).values(values).returning())[0]!
