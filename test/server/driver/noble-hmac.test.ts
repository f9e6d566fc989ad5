// Contract of server/driver/noble-hmac.ts with the pinned @noble/hashes: the private `_cloneInto` it uses still
// exists and restores a keyed state, so every MAC equals node:crypto's, however calls and secrets interleave.
import { createHmac } from 'node:crypto'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { hmacSha256 } from '../../../server/driver/noble-hmac'

const reference = (secret: string, message: string) =>
  new Uint8Array(createHmac('sha256', secret).update(message).digest())

describe('noble HMAC adapter', () => {
  it('still finds the private _cloneInto on a keyed noble HMAC', () => {
    const keyed = hmac.create(sha256, new TextEncoder().encode('secret'))
    expect(typeof keyed._cloneInto).toBe('function')
  })

  it('gives node:crypto bytes for interleaved secrets and repeated messages (no state carried between calls)', () => {
    const secrets = ['a', 'ひみつ', 'x'.repeat(200)]
    const messages = ['', 'card.v1.123', '会員 42', 'm'.repeat(1000)]
    for (let round = 0; round < 3; round++) {
      for (const message of messages) {
        for (const secret of secrets) expect(hmacSha256(secret, message)).toEqual(reference(secret, message))
      }
    }
  })
})
