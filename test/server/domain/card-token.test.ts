import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signCardToken, verifyCardToken } from '../../../server/domain/card-token'

const keys = { current: 'a', secrets: { a: 'a'.repeat(32), b: 'b'.repeat(32) } }
const now = new Date('2026-11-23T03:00:00Z')
const later = (s: number) => new Date(now.getTime() + s * 1000)

describe('card tokens', () => {
  it('round-trips member, issue time and a random token id in a compact string', async () => {
    const { value, claims } = await signCardToken(keys, 123456, now)
    expect(value.length).toBeLessThan(60)
    expect(await verifyCardToken(keys, value, later(5))).toEqual({ ok: true, claims })
    expect(claims).toMatchObject({ memberId: 123456, issuedAt: now.getTime() / 1000, kid: 'a' })
    expect((await signCardToken(keys, 123456, now)).claims.tokenId).not.toBe(claims.tokenId)
  })

  it('expires after a minute and rejects tokens from the future', async () => {
    const { value } = await signCardToken(keys, 1, now)
    expect(await verifyCardToken(keys, value, later(60))).toMatchObject({ ok: true })
    expect(await verifyCardToken(keys, value, later(61))).toMatchObject({ ok: false, reason: 'expired' })
    expect(await verifyCardToken(keys, value, later(-31))).toMatchObject({ ok: false, reason: 'not_yet_valid' })
  })

  it('still says whose an expired token was, so a retry can be matched to its customer', async () => {
    const { value, claims } = await signCardToken(keys, 42, now)
    expect(await verifyCardToken(keys, value, later(61))).toEqual({ ok: false, reason: 'expired', claims })
  })

  it('keeps verifying tokens of a retired key after rotation, and rejects unknown keys', async () => {
    const { value } = await signCardToken(keys, 1, now)
    expect(await verifyCardToken({ current: 'b', secrets: keys.secrets }, value, now)).toMatchObject({ ok: true })
    expect(await verifyCardToken({ current: 'b', secrets: { b: keys.secrets.b } }, value, now)).toEqual({
      ok: false,
      reason: 'unknown_key',
    })
  })

  it('rejects forged, tampered and malformed tokens', async () => {
    const { value } = await signCardToken(keys, 1, now)
    const forged = (await signCardToken({ current: 'a', secrets: { a: 'z'.repeat(32) } }, 1, now)).value
    expect(await verifyCardToken(keys, forged, now)).toEqual({ ok: false, reason: 'bad_signature' })
    const [kid, payload, mac] = value.split('.')
    const flipped = payload!.slice(0, 3) + (payload![3] === 'A' ? 'B' : 'A') + payload!.slice(4)
    expect(await verifyCardToken(keys, `${kid}.${flipped}.${mac}`, now)).toEqual({ ok: false, reason: 'bad_signature' })
    for (const bad of ['', 'abc', 'a.b', 'a.!!.c', `${kid}.${payload}`, `${kid}.AAAA.${mac}`]) {
      expect(await verifyCardToken(keys, bad, now)).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  it('carries HMAC-SHA256 (node:crypto’s) truncated to 16 bytes, for any secret, member and time, and unique ids', () => {
    const ids = new Set<string>()
    fc.assert(
      fc.property(
        fc.string({ minLength: 16, maxLength: 80, unit: 'binary' }),
        fc.integer({ min: 1, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (secret, memberId, seconds) => {
          const rotated = { current: 'k2', secrets: { k2: secret } }
          const { value, claims } = signCardToken(rotated, memberId, new Date(seconds * 1000))
          const [kid, payload, mac] = value.split('.') as [string, string, string]
          const expected = createHmac('sha256', secret).update(`${kid}.${payload}`).digest().subarray(0, 16)
          expect(mac).toBe(expected.toString('base64url'))
          expect(verifyCardToken(rotated, value, new Date(seconds * 1000))).toEqual({ ok: true, claims })
          expect(ids.has(claims.tokenId)).toBe(false)
          ids.add(claims.tokenId)
        },
      ),
      { numRuns: 2000 },
    )
    // Past the 4 KB pool of random bytes several times: ids stay unique and the pool is refilled.
    expect(ids.size).toBe(2000)
  })
})
