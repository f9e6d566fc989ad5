import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { personaByKey } from '../../../server/sandbox/personas'
import { createTestApp } from '../../support/test-app'

describe('sandbox login: opening the LIFF app the way LINE does (/launch)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => void (t = await createTestApp()))
  afterAll(() => t?.close())

  it('sends the browser to the app with the persona’s credentials in the fragment, which sign in as that persona', async () => {
    const res = await t.login.app.request('/launch?persona=customer&path=/history?tab=points')
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    const [path, fragment] = location.split('#')
    expect(path).toBe('/history?tab=points')
    const credentials = new URLSearchParams(fragment)
    expect([...credentials.keys()].sort()).toEqual(['access_token', 'id_token'])
    expect(credentials.get('access_token')).toMatch(/^sandbox-[0-9a-f-]{36}$/)

    const session = await t.app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idToken: credentials.get('id_token') }),
    })
    expect(session.status).toBe(200)
    const body = (await session.json()) as { user: { lineUserId: string; displayName: string } }
    expect(body.user.lineUserId).toBe(personaByKey('customer')!.lineUserId)
  })

  it('opens the card (/) when no path is given, and a fresh ID token each time', async () => {
    const first = (await t.login.app.request('/launch?persona=newcomer')).headers.get('location')!
    const second = (await t.login.app.request('/launch?persona=newcomer')).headers.get('location')!
    expect(first.startsWith('/#')).toBe(true)
    expect(first).not.toBe(second)
  })

  it('refuses an unknown persona, or a path that would leave the site, with a 400 JSON error', async () => {
    for (const query of [
      '',
      'persona=nobody',
      'persona=customer&path=https://evil.example/',
      'persona=customer&path=//evil.example/',
      'persona=customer&path=/%5Cevil.example/',
      'persona=customer&path=relative',
      'persona=customer&path=/a%20b',
    ]) {
      const res = await t.login.app.request(`/launch?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request')
    }
  })
})
