// Editing a member's profile and consents (the customer, or an admin): the changed fields and a
// `member.profile_updated` audit entry with their before and after, in one batch; the profile as it stands after.
import { loadProfile, updateProfile, type ProfileEdit } from '../data/member-profile'
import { isRefusal, type Refusal } from '../domain/refusal'
import type { UseCaseContext } from './context'

export interface ProfileEdited {
  ok: true
  /** The names of the fields that changed (none: nothing written). */
  changed: string[]
  profile: Exclude<Awaited<ReturnType<typeof loadProfile>>, Refusal>
}

export async function editProfile(ctx: UseCaseContext, edit: ProfileEdit): Promise<ProfileEdited | Refusal> {
  const changed = await updateProfile(ctx.db, edit, ctx.clock())
  if (isRefusal(changed)) return changed
  const profile = await loadProfile(ctx.db, edit.memberId)
  return isRefusal(profile) ? profile : { ok: true, changed, profile }
}
