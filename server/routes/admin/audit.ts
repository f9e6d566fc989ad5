// GET /api/admin/audit: the audit log, newest first, filtered by actor, action, target and time.
import { z } from '@hono/zod-openapi'
import { createRouter, jsonResponse } from '../../openapi'
import { singleLine } from '../../domain/free-text'
import { auditNames, nameOf, roleOf, searchAuditLog } from '../../data/audit-names'
import { adminRoute } from '../guarded-routes'

const Entry = z
  .object({
    id: z.number(),
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    actorName: z
      .string()
      .nullable()
      .openapi({ description: 'Who the actor is: a staff name, or a member as "number name"' }),
    actorRole: z
      .enum(['staff', 'manager', 'admin'])
      .nullable()
      .openapi({ description: 'The role of the staff member who acted (`staff:N`), as it is now; null for others' }),
    targetName: z
      .string()
      .nullable()
      .openapi({ description: 'The target member ("number name"), staff or store name' }),
    detail: z.unknown(),
    storeId: z.number().nullable(),
    at: z.string(),
  })
  .openapi('AuditEntry')

export const route = adminRoute('get', '/', {
  summary: 'Audit log entries, newest first',
  request: {
    query: z.object({
      actor: singleLine(z.string().max(100)).optional().openapi({
        description:
          'Exact actor, e.g. `staff:3` (admins too), `system:rank`, or a prefix ending in `:` (`line:`: customers)',
      }),
      staffId: z.coerce.number().int().min(1).optional().openapi({
        description: 'One person on the staff (actor `staff:N`), whatever their role',
      }),
      action: singleLine(z.string().max(60))
        .optional()
        .openapi({ description: 'Exact action, or a prefix ending in `.` (e.g. `points.`)' }),
      target: singleLine(z.string().max(100)).optional().openapi({
        description: 'Exact target, e.g. `member:18`, or a member number (the member, and their registration)',
      }),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
      pageSize: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: jsonResponse('Entries', z.object({ entries: z.array(Entry), hasMore: z.boolean() })) },
})

export const adminAudit = createRouter().openapi(route, async (c) => {
  const q = c.req.valid('query')
  const rows = await searchAuditLog(c.var.shop.db, q)
  const page = rows.slice(0, q.pageSize)
  const names = await auditNames(
    c.var.shop.db,
    page.flatMap((r) => (r.target ? [r.actor, r.target] : [r.actor])),
  )
  return c.json(
    {
      entries: page.map((r) => ({
        ...r,
        actorName: nameOf(names, r.actor),
        actorRole: roleOf(names, r.actor),
        targetName: nameOf(names, r.target),
        at: r.at.toISOString(),
      })),
      hasMore: rows.length > q.pageSize,
    },
    200,
  )
})
