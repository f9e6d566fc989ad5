// Store staff, managers and admins, each signed in with their own LINE identity.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, instant, rowId } from './columns'
import { stores } from './stores'

export const staffRoles = ['staff', 'manager', 'admin'] as const
export type StaffRole = (typeof staffRoles)[number]

export const staff = sqliteTable('staff', {
  id: rowId(),
  lineUserId: text().notNull().unique(),
  displayName: text().notNull(),
  /** Null for admins, who act for every store. */
  storeId: integer().references(() => stores.id),
  role: text({ enum: staffRoles }).notNull(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
  deactivatedAt: instant(),
})

export const staffInvites = sqliteTable('staff_invites', {
  id: rowId(),
  /** SHA-256 of the one-time code; the code itself is shown once and never stored. */
  codeHash: text().notNull().unique(),
  storeId: integer().references(() => stores.id),
  role: text({ enum: staffRoles }).notNull(),
  createdBy: text().notNull(),
  expiresAt: instant().notNull(),
  usedAt: instant(),
  usedByStaffId: integer(),
  createdAt: createdAt(),
})

export type Staff = typeof staff.$inferSelect
export type StaffInvite = typeof staffInvites.$inferSelect
