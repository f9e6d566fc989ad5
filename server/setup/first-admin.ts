// Setup step: the first admin's one-time invite, written to D1 (as `npm run admin:invite -- --d1=…` does), unless the
// shop has an admin or an open admin invite already.
import { hashInviteCode, newInviteCode } from '../data/staff-invites'
import { inviteUrl } from '../cli/invite-url'
import { d1Flag, wranglerOk, type SetupContext, type StepResult } from './context'

/** An admin invite as one INSERT for D1, with the code to put in its URL (shown once, stored only hashed). */
export async function adminInviteInsert(now: Date, hours: number, createdBy: string) {
  const code = newInviteCode()
  const expiresAt = new Date(now.getTime() + hours * 3_600_000)
  const sql = `INSERT INTO staff_invites (code_hash, store_id, role, created_by, expires_at, created_at) VALUES ('${await hashInviteCode(code)}', NULL, 'admin', '${createdBy}', ${expiresAt.getTime()}, ${now.getTime()});`
  return { code, sql, expiresAt }
}

export async function ensureFirstAdminInvite(ctx: SetupContext, liffId: string): Promise<StepResult> {
  const now = ctx.clock()
  const count = `SELECT (SELECT count(*) FROM staff WHERE role = 'admin' AND active = 1) AS admins, (SELECT count(*) FROM staff_invites WHERE role = 'admin' AND used_at IS NULL AND expires_at > ${now.getTime()}) AS invites`
  const out = await wranglerOk(ctx, ['d1', 'execute', 'DB', d1Flag(ctx), '--json', '--command', count], 'count admins')
  const { admins, invites } = (JSON.parse(out) as { results: { admins: number; invites: number }[] }[])[0]!.results[0]!
  if (admins > 0) return { changes: [], notes: ['the shop has an admin: they invite staff from the console'] }
  if (invites > 0) {
    const again = `npm run admin:invite -- --d1=${d1Flag(ctx).slice(2)}`
    return { changes: [], notes: [`an admin invite of an earlier run is still open; \`${again}\` prints a new one`] }
  }
  const invite = await adminInviteInsert(now, 72, 'cli:setup')
  await wranglerOk(ctx, ['d1', 'execute', 'DB', d1Flag(ctx), '--command', invite.sql], 'write the admin invite to D1')
  const url = inviteUrl({ LIFF_ID: liffId }, invite.code)
  return {
    changes: [`first admin invite (one use, until ${invite.expiresAt.toISOString()}); open it in LINE: ${url}`],
  }
}
