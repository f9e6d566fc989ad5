// Requires an active staff member with one of the given roles; puts them on `c.var.staff`.
import { eq, sql } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import { perDatabase } from '../../db/prepared'
import { staff as staffTable, type StaffRole } from '../../db/schema'
import type { AppEnv } from '../env'
import { forbidden } from '../errors'

const staffByLineUser = perDatabase((db) =>
  db.query.staff.findFirst({ where: eq(staffTable.lineUserId, sql.placeholder('lineUserId')) }).prepare(),
)

export const requireStaff = (...roles: StaffRole[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const { lineUserId } = c.var.session
    const row = await staffByLineUser(c.var.shop.db).execute({ lineUserId })
    if (!row || !row.active) throw forbidden('not_staff', 'This page is for store staff only')
    if (roles.length > 0 && !roles.includes(row.role)) {
      throw forbidden('role_required', `This action needs one of these roles: ${roles.join(', ')}`)
    }
    c.set('staff', row)
    await next()
  })
