// The customer's own membership: unlink, download my data, delete my membership.
import { z } from '@hono/zod-openapi'
import { logOwnDataExport } from '../../data/access-log'
import { findLinkedMember } from '../../data/card-view'
import { exportMemberData } from '../../data/member-data'
import type { AppDeps } from '../../env'
import { notFound } from '../../errors'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { deleteMembership } from '../../usecases/delete-membership'
import { unlinkMembership } from '../../usecases/unlink'
import { accepted, found } from '../refusals'
import { memberRoute } from '../guarded-routes'

async function requireMember(deps: AppDeps, lineUserId: string) {
  const member = await findLinkedMember(deps.db, lineUserId)
  if (!member) throw notFound('not_linked', 'This LINE account is not linked to a membership')
  return member
}

export const Unlinked = z.object({ unlinked: z.literal(true) })

export const Deleted = z.object({ deleted: z.literal(true), forfeitedPoints: z.number() })

const unlinkRoute = memberRoute('post', '/unlink', {
  summary: 'Unlink this LINE account from its membership (the membership stays)',
  responses: { 200: jsonResponse('Unlinked', Unlinked) },
})

const exportRoute = memberRoute('get', '/export', {
  summary: 'Download everything the shop holds about my membership (JSON)',
  responses: { 200: jsonResponse('My data', z.record(z.string(), z.unknown()).openapi('MemberExport')) },
})

const deleteRoute = memberRoute('post', '/delete', {
  summary: 'Delete my membership: personal data erased, points forfeited, LINE account unlinked',
  request: {
    body: jsonBody(
      z.object({ confirm: z.literal(true, { message: 'confirm must be true' }) }).openapi('DeleteMembershipRequest'),
    ),
  },
  responses: {
    200: jsonResponse('Deleted', Deleted),
    400: errorResponse('Not confirmed'),
  },
})

export const me = createRouter()
  .openapi(unlinkRoute, async (c) => {
    const deps = c.var.shop
    const { lineUserId } = c.var.session
    await requireMember(deps, lineUserId)
    accepted(await unlinkMembership(deps, { lineUserId, actor: `line:${lineUserId}`, reason: 'customer' }))
    return c.json({ unlinked: true as const }, 200)
  })
  .openapi(exportRoute, async (c) => {
    const deps = c.var.shop
    const { lineUserId } = c.var.session
    const member = await requireMember(deps, lineUserId)
    const now = deps.clock()
    // Logged first: a failed log write fails the download, and the download lists its own entry.
    await logOwnDataExport(deps.db, lineUserId, member.id, now.getTime())
    const data = found(await exportMemberData(deps.db, member.id, lineUserId, now))
    c.header('Content-Disposition', `attachment; filename="membership-${member.memberNumber}.json"`)
    return c.json(data, 200)
  })
  .openapi(deleteRoute, async (c) => {
    const deps = c.var.shop
    const { lineUserId } = c.var.session
    const member = await requireMember(deps, lineUserId)
    const { forfeited } = accepted(
      await deleteMembership(deps, { memberId: member.id, lineUserId, actor: `line:${lineUserId}` }),
    )
    return c.json({ deleted: true as const, forfeitedPoints: forfeited }, 200)
  })
