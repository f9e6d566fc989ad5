// Where an admin invite is opened: the shop's LIFF URL when LIFF_ID is known (real LINE), else the local server.
// It needs LIFF_ID and nothing else, so the setup (and a shop's developer) can print it without the other secrets.

import { liffUrl } from '../liff-url'

/** The one-time join URL for `code`, from LIFF_ID (real LINE) or PUBLIC_URL (the sandbox, default localhost). */
export function inviteUrl(env: Record<string, string | undefined>, code: string): string {
  const liffId = env.LIFF_ID?.trim() ?? ''
  const publicUrl = (env.PUBLIC_URL?.trim() || 'http://localhost:8787').replace(/\/$/, '')
  return liffUrl({ sandbox: !liffId, publicUrl, line: { liffId } }, `/staff/join?code=${encodeURIComponent(code)}`)
}
