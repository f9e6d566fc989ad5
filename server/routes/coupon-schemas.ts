// Coupon shapes shared by the customer, staff and admin routes (and documented in /api/openapi.json).
import { z } from '@hono/zod-openapi'
import { couponBenefitKinds, couponStatuses, type Coupon } from '../../db/schema'
import { multiLine, singleLine } from '../domain/free-text'

export const CouponSummary = z
  .object({
    id: z.number(),
    title: z.string(),
    imageUrl: z.string().nullable(),
    terms: z.string(),
    benefitKind: z.enum(couponBenefitKinds),
    benefitValue: z.number().nullable(),
    freeItem: z.string().nullable(),
    pointsPrice: z.number().nullable().openapi({ description: 'Set for a reward bought with points' }),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    storeIds: z.array(z.number()).nullable().openapi({ description: 'Stores where it can be used; null for all' }),
  })
  .openapi('CouponSummary')

export const summarizeCoupon = (c: Coupon): z.infer<typeof CouponSummary> => ({
  id: c.id,
  title: c.title,
  imageUrl: c.imageUrl,
  terms: c.terms,
  benefitKind: c.benefitKind,
  benefitValue: c.benefitValue,
  freeItem: c.freeItem,
  pointsPrice: c.pointsPrice,
  validFrom: c.validFrom?.toISOString() ?? null,
  validUntil: c.validUntil?.toISOString() ?? null,
  storeIds: c.storeIds,
})

export const copyStates = ['issued', 'used', 'expired', 'revoked', 'not_yet_valid'] as const

export const HeldCoupon = z
  .object({
    id: z.number().openapi({ description: 'The member’s copy' }),
    state: z.enum(copyStates),
    issuedAt: z.string(),
    expiresAt: z.string().nullable(),
    usedAt: z.string().nullable(),
    coupon: CouponSummary,
  })
  .openapi('HeldCoupon')

export const CouponDefinition = CouponSummary.extend({
  validDays: z.number().nullable(),
  perMemberLimit: z.number(),
  totalLimit: z.number().nullable(),
  status: z.enum(couponStatuses),
  issued: z.number(),
  redeemed: z.number(),
  createdAt: z.string(),
}).openapi('CouponDefinition')

const instant = z.iso.datetime({ offset: true })

export const CouponInput = z
  .object({
    // Shown on the customer's coupon and in its LINE message: a NUL would cut it short in the database.
    title: singleLine(z.string().trim().min(1).max(60)),
    imageUrl: z
      .url({ protocol: /^https$/ })
      .max(1000)
      .nullable()
      .default(null),
    terms: multiLine(z.string().max(1000)).default(''),
    benefitKind: z.enum(couponBenefitKinds),
    benefitValue: z.number().int().min(1).max(1_000_000).nullable().default(null),
    freeItem: singleLine(z.string().trim().min(1).max(60)).nullable().default(null),
    pointsPrice: z.number().int().min(1).max(10_000_000).nullable().default(null),
    validFrom: instant.nullable().default(null),
    validUntil: instant.nullable().default(null),
    validDays: z.number().int().min(1).max(3650).nullable().default(null),
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    totalLimit: z.number().int().min(1).max(10_000_000).nullable().default(null),
    storeIds: z.array(z.number().int().positive()).min(1).max(200).nullable().default(null),
    status: z.enum(couponStatuses).default('active'),
  })
  .refine((c) => (c.benefitKind === 'free_item' ? !!c.freeItem : c.benefitValue !== null), {
    message: 'a discount needs benefitValue; a free item needs freeItem',
    path: ['benefitValue'],
  })
  .refine((c) => c.benefitKind !== 'discount_percent' || (c.benefitValue ?? 0) <= 100, {
    message: 'a percent discount is at most 100',
    path: ['benefitValue'],
  })
  .refine((c) => !c.validFrom || !c.validUntil || Date.parse(c.validFrom) < Date.parse(c.validUntil), {
    message: 'validFrom must be before validUntil',
    path: ['validUntil'],
  })
  .openapi('CouponInput')
