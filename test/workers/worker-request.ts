// Requests to the Worker under test (its own fetch, as Cloudflare calls it) and sign-in as a sandbox persona.
import { exports } from 'cloudflare:workers'
import { expect } from 'vitest'
import { personaByKey } from '../../server/sandbox/personas'
import { sandboxIdToken } from './sandbox-id-token'

const origin = 'https://tsunagu.test'

/** JSON in and out; POST when there is a body unless `method` says otherwise. */
export async function workerRequest(
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await exports.default.fetch(`${origin}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read deep into several answers' shapes
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> }
}

/** A session token for the persona, through POST /api/session with a sandbox ID token. */
export async function signInAs(persona: string): Promise<string> {
  const session = await workerRequest('/api/session', {
    body: { idToken: await sandboxIdToken(personaByKey(persona)!.lineUserId) },
  })
  expect(session.status).toBe(200)
  return session.body.token as string
}
