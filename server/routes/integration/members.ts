// The shop's systems on a member, by member number: read the member with their tags (`members:read`), set or remove
// a tag or attribute (`tags`), and issue a coupon (`coupons`, the same use case as the admin console's issue).
import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { apiKeyActor } from '../../data/audit'
import { findCheckoutCustomer } from '../../data/checkout'
import { tagsOf } from '../../data/member-tags'
import { singleLine } from '../../domain/free-text'
import { TagName, TagValue } from '../../domain/member-tag'
import { MemberTag } from '../member-tag-schemas'
import { MemberSummary, summarizeMember } from '../../member-summary'
import type { ApiKeyEnv } from '../../middleware/api-key'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { handOnNow } from '../../outbox/queue-producer'
import { issueCoupon } from '../../usecases/coupon-issue'
import { removeMemberTag, setMemberTag } from '../../usecases/member-tags'
import { accepted, found } from '../refusals'
import { IdempotencyKey } from '../staff/schemas'
import { apiKeyRoute } from './guard'

const memberNumber = singleLine(z.string().min(1).max(32)).openapi({ param: { name: 'memberNumber', in: 'path' } })

const memberErrors = {
  400: errorResponse('Invalid input or member number (`invalid_member_number`)'),
  404: errorResponse('No active member with this number (`member_not_found`)'),
}

const MemberWithTags = MemberSummary.extend({ tags: z.array(MemberTag) }).openapi('IntegrationMember')
const TagAnswer = z.object({ name: z.string(), value: z.string(), changed: z.boolean() }).openapi('TagAnswer')

const readRoute = apiKeyRoute('members:read', 'get', '/{memberNumber}', {
  summary: 'A member with their balance, rank and tags',
  request: { params: z.object({ memberNumber }) },
  responses: { 200: jsonResponse('The member', MemberWithTags), ...memberErrors },
})

const putTagRoute = apiKeyRoute('tags', 'put', '/{memberNumber}/tags/{name}', {
  summary: 'Set a tag (or an attribute with a value) on a member; usable in segments',
  request: {
    params: z.object({ memberNumber, name: TagName }),
    body: jsonBody(z.object({ value: TagValue.default('') }).openapi('TagInput')),
  },
  responses: { 200: jsonResponse('Set (`changed`: false when it already had this value)', TagAnswer), ...memberErrors },
})

const deleteTagRoute = apiKeyRoute('tags', 'delete', '/{memberNumber}/tags/{name}', {
  summary: 'Remove a tag from a member',
  request: { params: z.object({ memberNumber, name: TagName }) },
  responses: { 200: jsonResponse('Removed (`changed`: false when it had none)', TagAnswer), ...memberErrors },
})

const issueRoute = apiKeyRoute('coupons', 'post', '/{memberNumber}/coupons', {
  summary: 'Issue a coupon to a member (idempotent by key); the member gets a LINE message linking to it',
  request: {
    params: z.object({ memberNumber }),
    body: jsonBody(
      z.object({ couponId: z.number().int().positive(), idempotencyKey: IdempotencyKey }).openapi('ApiCouponIssue'),
    ),
  },
  responses: {
    200: jsonResponse(
      'Issued (or the earlier, `replayed`)',
      z.object({ memberCouponId: z.number(), replayed: z.boolean() }),
    ),
    ...memberErrors,
    404: errorResponse('No such member (`member_not_found`) or coupon (`coupon_not_found`)'),
    409: errorResponse('`coupon_limit_reached`, `coupon_sold_out`, `idempotency_key_reused`'),
    422: errorResponse('`coupon_inactive`, `member_inactive`'),
  },
})

/** The active member a path's number names (a 400 or 404 refusal otherwise). */
async function memberOf(c: Context<ApiKeyEnv>, number: string) {
  const { db, config, clock } = c.var.shop
  return found(await findCheckoutCustomer(db, config, { memberNumber: number }, clock())).member
}

export const integrationMembers = createRouter()
  .openapi(readRoute, async (c) => {
    const member = await memberOf(c, c.req.valid('param').memberNumber)
    const [settings, tags] = await Promise.all([c.var.shop.settings.load(), tagsOf(c.var.shop.db, member.id)])
    const tagJson = tags.map((t) => ({ name: t.name, value: t.value, setAt: t.setAt.toISOString() }))
    return c.json({ ...summarizeMember(member, settings.ranks), tags: tagJson }, 200)
  })
  .openapi(putTagRoute, async (c) => {
    const { memberNumber: number, name } = c.req.valid('param')
    const { value } = c.req.valid('json')
    const member = await memberOf(c, number)
    const actor = apiKeyActor(c.var.apiKey)
    const done = await setMemberTag(c.var.shop, { memberId: member.id, name, value, actor })
    return c.json({ name, value, changed: done.changed }, 200)
  })
  .openapi(deleteTagRoute, async (c) => {
    const { memberNumber: number, name } = c.req.valid('param')
    const member = await memberOf(c, number)
    const done = await removeMemberTag(c.var.shop, { memberId: member.id, name, actor: apiKeyActor(c.var.apiKey) })
    return c.json({ name, value: '', changed: done.changed }, 200)
  })
  .openapi(issueRoute, async (c) => {
    const member = await memberOf(c, c.req.valid('param').memberNumber)
    const body = c.req.valid('json')
    const key = c.var.apiKey
    const done = accepted(
      await issueCoupon(c.var.shop, {
        couponId: body.couponId,
        memberId: member.id,
        issueKey: `${apiKeyActor(key)}:${body.idempotencyKey}`,
        source: 'api',
        actor: apiKeyActor(key),
      }),
    )
    handOnNow(c.var.shop)
    return c.json({ memberCouponId: done.copy.id, replayed: done.replayed }, 200)
  })
