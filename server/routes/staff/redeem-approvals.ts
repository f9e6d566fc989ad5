// POST /api/staff/redeem-approvals: a manager (or admin) approves one redeem without the member's card.
import { z } from '@hono/zod-openapi'
import { MemberSummary, summarizeMember } from '../../member-summary'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { approveRedeem } from '../../usecases/approve-redeem'
import { accepted } from '../refusals'
import { storeOf } from './schemas'
import { managerRoute } from '../guarded-routes'

export const ApprovalRequest = z
  .object({
    memberNumber: z.string().min(1).max(32),
    points: z.number().int().min(1),
    storeId: z.number().int().positive().optional().openapi({ description: 'Admins: the store of the till' }),
  })
  .openapi('RedeemApprovalRequest')

export const Approval = z
  .object({
    code: z.string().openapi({ description: 'Six digits to type at the till; shown once' }),
    expiresAt: z.string(),
    points: z.number(),
    member: MemberSummary,
  })
  .openapi('RedeemApproval')

const route = managerRoute('post', '/', {
  summary: 'Approve one redeem without the card: a one-time code for this member, amount and store (a few minutes)',
  request: { body: jsonBody(ApprovalRequest) },
  responses: {
    200: jsonResponse('The approval code', Approval),
    400: errorResponse('Invalid body or member number'),
    403: errorResponse('Not a manager or admin (`role_required`), or another store (`other_store`)'),
    404: errorResponse('No such member (`member_not_found`)'),
    422: errorResponse('Not in the redeem unit (`invalid_redeem_unit`)'),
  },
})

export const staffRedeemApprovals = createRouter().openapi(route, async (c) => {
  const staff = c.var.staff
  const body = c.req.valid('json')
  const approval = accepted(
    await approveRedeem(c.var.shop, {
      manager: staff,
      storeId: storeOf(staff, body.storeId),
      memberNumber: body.memberNumber,
      points: body.points,
    }),
  )
  return c.json(
    {
      code: approval.code,
      expiresAt: approval.expiresAt.toISOString(),
      points: body.points,
      member: summarizeMember(approval.member, approval.settings.ranks),
    },
    200,
  )
})
