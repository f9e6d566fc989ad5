// The console's coupons: define and edit them, list them with their counts, issue one to a member, and the report.
// Issuing to a segment is a campaign that carries the coupon (POST /api/admin/campaigns with `couponId`).
import { staffActor } from '../../data/audit'
import { z } from '@hono/zod-openapi'
import type { Coupon } from '../../../db/schema'
import { createCoupon, updateCoupon, type CouponValues } from '../../data/coupon-admin'
import { findCoupon } from '../../data/coupon-copies'
import { couponList, couponReport } from '../../data/coupon-views'
import { localParts } from '../../domain/time-zone'
import { notFound } from '../../errors'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { issueCoupon } from '../../usecases/coupon-issue'
import { CouponDefinition, CouponInput, summarizeCoupon } from '../coupon-schemas'
import { idParam } from '../path-id'
import { accepted, found } from '../refusals'
import { IdempotencyKey } from '../staff/schemas'
import { adminRoute } from '../guarded-routes'

export const CouponReport = z
  .object({
    issued: z.number(),
    viewed: z.number().openapi({ description: 'Copies their member has opened as a QR' }),
    redeemed: z.number(),
    byStore: z.array(
      z.object({ storeId: z.number().nullable(), storeName: z.string().nullable(), redeemed: z.number() }),
    ),
    byDay: z.array(z.object({ day: z.string(), issued: z.number(), redeemed: z.number() })),
  })
  .openapi('CouponReport')

export const IssueRequest = z
  .object({ memberId: z.number().int().positive(), idempotencyKey: IdempotencyKey })
  .openapi('CouponIssueRequest')

const definition = (c: Coupon, counts: { issued: number; redeemed: number }) => ({
  ...summarizeCoupon(c),
  validDays: c.validDays,
  perMemberLimit: c.perMemberLimit,
  totalLimit: c.totalLimit,
  status: c.status,
  issued: counts.issued,
  redeemed: counts.redeemed,
  createdAt: c.createdAt.toISOString(),
})

const values = (body: z.infer<typeof CouponInput>): CouponValues => ({
  ...body,
  benefitValue: body.benefitKind === 'free_item' ? null : body.benefitValue,
  freeItem: body.benefitKind === 'free_item' ? body.freeItem : null,
  validFrom: body.validFrom ? new Date(body.validFrom) : null,
  validUntil: body.validUntil ? new Date(body.validUntil) : null,
})

/** The shop's UTC offset in minutes at `now` (the report's days are the shop's days). */
function offsetMinutes(now: Date, timeZone: string) {
  const { date, time } = localParts(now, timeZone)
  return Math.round((Date.parse(`${date}T${time}:00Z`) - now.getTime()) / 60_000)
}

export const listRoute = adminRoute('get', '/', {
  summary: 'Every coupon with its issued and redeemed counts, newest first',
  responses: { 200: jsonResponse('Coupons', z.object({ coupons: z.array(CouponDefinition) })) },
})

const createRouteDef = adminRoute('post', '/', {
  summary: 'Define a coupon (a reward when it has a points price)',
  request: { body: jsonBody(CouponInput) },
  responses: {
    201: jsonResponse('Created', CouponDefinition),
    404: errorResponse('A store it is limited to does not exist (`store_not_found`)'),
  },
})

const updateRoute = adminRoute('put', '/{id}', {
  summary: 'Edit a coupon (copies already issued keep their end)',
  request: { params: idParam, body: jsonBody(CouponInput) },
  responses: {
    200: jsonResponse('Saved', CouponDefinition),
    404: errorResponse(
      'No such coupon, or a store it is limited to does not exist (`coupon_not_found`, `store_not_found`)',
    ),
  },
})

const issueRoute = adminRoute('post', '/{id}/issue', {
  summary: 'Issue the coupon to one member (idempotent by key); the member gets a LINE message linking to it',
  request: { params: idParam, body: jsonBody(IssueRequest) },
  responses: {
    200: jsonResponse(
      'Issued (or the earlier result, `replayed`)',
      z.object({ memberCouponId: z.number(), replayed: z.boolean() }),
    ),
    404: errorResponse('No such coupon (`coupon_not_found`)'),
    409: errorResponse('Limit reached or sold out (`coupon_limit_reached`, `coupon_sold_out`)'),
    422: errorResponse('Archived or ended (`coupon_inactive`), or not an active member (`member_inactive`)'),
  },
})

const reportRoute = adminRoute('get', '/{id}/report', {
  summary: 'Issued, viewed and redeemed; redemptions by store and by day',
  request: { params: idParam },
  responses: { 200: jsonResponse('Report', CouponReport), 404: errorResponse('No such coupon (`coupon_not_found`)') },
})

export const adminCoupons = createRouter()
  .openapi(listRoute, async (c) => {
    const rows = await couponList(c.var.shop.db)
    return c.json({ coupons: rows.map((r) => definition(r.coupon, r)) }, 200)
  })
  .openapi(createRouteDef, async (c) => {
    const { shop: deps, staff } = c.var
    const created = found(await createCoupon(deps.db, values(c.req.valid('json')), staffActor(staff), deps.clock()))
    return c.json(definition(created, { issued: 0, redeemed: 0 }), 201)
  })
  .openapi(updateRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const { id } = c.req.valid('param')
    const saved = found(await updateCoupon(deps.db, id, values(c.req.valid('json')), staffActor(staff), deps.clock()))
    const counts = (await couponList(deps.db)).find((r) => r.coupon.id === id)!
    return c.json(definition(saved, counts), 200)
  })
  .openapi(issueRoute, async (c) => {
    const { shop: deps, staff } = c.var
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const done = accepted(
      await issueCoupon(deps, {
        couponId: id,
        memberId: body.memberId,
        issueKey: `admin:${staff.id}:${body.idempotencyKey}`,
        source: 'admin',
        actor: staffActor(staff),
      }),
    )
    return c.json({ memberCouponId: done.copy.id, replayed: done.replayed }, 200)
  })
  .openapi(reportRoute, async (c) => {
    const { shop: deps } = c.var
    const { id } = c.req.valid('param')
    if (!(await findCoupon(deps.db, id))) throw notFound('coupon_not_found', 'No coupon with this id')
    return c.json(await couponReport(deps.db, id, offsetMinutes(deps.clock(), deps.config.timeZone)), 200)
  })
