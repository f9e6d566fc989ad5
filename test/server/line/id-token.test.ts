import { SignJWT, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { createIdTokenVerifier, remoteJwks } from '../../../server/line/id-token'

describe('createIdTokenVerifier', () => {
  it("answers line_unavailable (503) when LINE's JWKS cannot be fetched", async () => {
    const verify = createIdTokenVerifier({
      jwks: remoteJwks('http://127.0.0.1:9/jwks.json'),
      channelId: '1',
      channelSecret: 's',
      issuer: 'https://access.line.me',
      clock: () => new Date(),
    })
    const { privateKey } = await generateKeyPair('ES256')
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k' })
      .setSubject('U1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey)
    await expect(verify(token)).rejects.toMatchObject({ code: 'line_unavailable', status: 503 })
  })
})
