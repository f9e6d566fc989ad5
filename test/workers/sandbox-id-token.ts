// A LINE ID token for `lineUserId`, issued by the sandbox the workers project's global setup serves.
import { env } from 'cloudflare:workers'
import { expect } from 'vitest'

export async function sandboxIdToken(lineUserId: string): Promise<string> {
  const res = await fetch(`${env.LINE_SANDBOX_URL}/login/id-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lineUserId }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { idToken: string }).idToken
}
