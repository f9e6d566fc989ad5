// GET and PATCH /api/me/profile: the customer reads and corrects their own profile and consents.
import { z } from '@hono/zod-openapi'
import type { Database } from '../../../db/client'
import { findLinkedMember } from '../../data/card-view'
import { loadProfile } from '../../data/member-profile'
import { birthdayField, nameField, nameKanaField, phoneField } from '../../domain/member-profile'
import { notFound } from '../../errors'
import { createRouter, errorResponse, jsonBody, jsonResponse } from '../../openapi'
import { editProfile, type ProfileEdited } from '../../usecases/edit-profile'
import { assertBirthdayInRange } from '../birthday-range'
import { accepted, found } from '../refusals'
import { memberRoute } from '../guarded-routes'

export const Profile = z
  .object({
    memberNumber: z.string(),
    name: z.string(),
    nameKana: z.string().nullable(),
    phone: z.string().nullable().openapi({ description: 'Digits only, e.g. 09012345678' }),
    birthday: z.string().nullable(),
    marketingOptIn: z.boolean().openapi({ description: 'お得な情報: campaigns and offers on LINE' }),
    pointNotices: z.boolean().openapi({ description: 'Balance notices and expiry warnings on LINE' }),
  })
  .openapi('Profile')

export const MyProfile = Profile.extend({
  birthdayEditable: z.boolean().openapi({ description: 'True while no birthday is recorded: it can be set once' }),
}).openapi('MyProfile')

export const ProfileUpdate = z
  .object({
    name: nameField.optional(),
    nameKana: nameKanaField.optional(),
    phone: phoneField.optional(),
    birthday: birthdayField.optional().openapi({ description: 'Only while none is recorded; then only the shop' }),
    marketingOptIn: z.boolean().optional(),
    pointNotices: z.boolean().optional(),
  })
  .openapi('ProfileUpdate')

const getRoute = memberRoute('get', '/', {
  summary: 'My profile and consents',
  responses: { 200: jsonResponse('Profile', MyProfile) },
})

const patchRoute = memberRoute('patch', '/', {
  summary: 'Correct my name, reading or phone, set my birthday once, change my consents (audited)',
  request: { body: jsonBody(ProfileUpdate) },
  responses: {
    200: jsonResponse('The profile as stored', MyProfile),
    400: errorResponse(
      'Invalid field: `text_too_long` (with `limit`), `control_characters`, `kana_invalid`, `phone_invalid`, `date_invalid`, `birthday_out_of_range`',
    ),
    409: errorResponse('A birthday is already recorded (`birthday_locked`)'),
  },
})

/** The member linked to this LINE account; 404 `not_linked` when there is none. */
export async function myMemberId(db: Database, lineUserId: string) {
  const member = await findLinkedMember(db, lineUserId)
  if (!member) throw notFound('not_linked', 'This LINE account is not linked to a membership')
  return member.id
}

const withEditable = (p: ProfileEdited['profile']) => ({ ...p, birthdayEditable: p.birthday === null })

export const profile = createRouter()
  .openapi(getRoute, async (c) =>
    c.json(
      withEditable(found(await loadProfile(c.var.shop.db, await myMemberId(c.var.shop.db, c.var.session.lineUserId)))),
      200,
    ),
  )
  .openapi(patchRoute, async (c) => {
    const deps = c.var.shop
    const body = c.req.valid('json')
    if (body.birthday !== undefined) assertBirthdayInRange(body.birthday, deps.clock(), await deps.timeZone())
    const memberId = await myMemberId(deps.db, c.var.session.lineUserId)
    const { profile } = accepted(
      await editProfile(deps, {
        memberId,
        changes: body,
        actor: `line:${c.var.session.lineUserId}`,
        birthdayOnceOnly: true,
      }),
    )
    return c.json(withEditable(profile), 200)
  })
