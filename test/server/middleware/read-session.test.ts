import { describe, expect, it } from 'vitest'
import { bookmarkCookie, signBookmark, verifiedBookmark } from '../../../server/middleware/read-session'
import { bearer, testAppPerSuite } from '../../support/test-app'

const secret = 'a-session-secret-of-at-least-32-characters'
const bookmark = '0000001a-0000002b-00004e2f-0bb3b6a5ec4fb65de1fb8e5c9bd4f0a1'

describe('bookmark cookie', () => {
  it('gives back the bookmark of a value the server signed', () => {
    expect(verifiedBookmark(secret, signBookmark(secret, bookmark))).toBe(bookmark)
  })

  it('ignores values signed with another secret, altered, or not shaped like a D1 bookmark', () => {
    const signed = signBookmark(secret, bookmark)
    const later = bookmark.replace('0000002b', '0000002c')
    for (const value of [
      undefined,
      '',
      bookmark,
      signBookmark('another-secret-of-at-least-32-characters', bookmark),
      `${later}${signed.slice(bookmark.length)}`,
      `${signed}x`,
      `${signed}.${signed}`,
      signBookmark(secret, 'garbage'),
      signBookmark(secret, bookmark.toUpperCase()),
    ])
      expect(verifiedBookmark(secret, value), String(value)).toBeUndefined()
  })
})

describe('read sessions on Node', () => {
  const t = testAppPerSuite()

  it('leave the card alone where the database has no replicas: no bookmark cookie', async () => {
    const res = await t.app.request('/api/card', bearer(await t.signIn('customer')))
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie') ?? '').not.toContain(bookmarkCookie)
  })
})
