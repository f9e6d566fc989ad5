// Verifies LINE ID tokens locally: ES256 against LINE's JWKS, HS256 with the channel secret (web login).
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose'
import type { Clock } from '../env'

export interface IdTokenClaims {
  /** LINE user id. */
  sub: string
  name?: string
  picture?: string
  nonce?: string
}

export class IdTokenError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 401 for a token we reject; 503 when LINE's keys cannot be reached. */
    readonly status: 401 | 503 = 401,
  ) {
    super(message)
    this.name = 'IdTokenError'
  }
}

export interface IdTokenVerifierOptions {
  /** Key source for ES256 tokens, usually `createRemoteJWKSet(jwksUrl)`. */
  jwks: JWTVerifyGetKey
  channelId: string
  channelSecret: string
  issuer: string
  clock: Clock
}

export type IdTokenVerifier = (token: string, expected?: { nonce?: string }) => Promise<IdTokenClaims>

/** Largest clock difference tolerated between LINE and us. */
export const clockSkewSeconds = 60

export function remoteJwks(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: 60 * 60 * 1000, cooldownDuration: 30_000 })
}

function keyFor(alg: string | undefined, options: IdTokenVerifierOptions) {
  if (alg === 'ES256') return options.jwks
  if (alg === 'HS256') return new TextEncoder().encode(options.channelSecret)
  throw new IdTokenError('id_token_alg_not_allowed', `ID tokens signed with ${alg ?? 'no algorithm'} are not accepted`)
}

function translate(err: unknown): IdTokenError {
  if (err instanceof IdTokenError) return err
  if (err instanceof errors.JWTExpired) return new IdTokenError('id_token_expired', 'The LINE ID token has expired')
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud')
      return new IdTokenError('id_token_wrong_audience', 'The ID token was issued for another channel')
    if (err.claim === 'iss') return new IdTokenError('id_token_wrong_issuer', 'The ID token was not issued by LINE')
    return new IdTokenError('id_token_invalid_claims', `The ID token's ${err.claim} claim is invalid`)
  }
  if (err instanceof errors.JWKSNoMatchingKey)
    return new IdTokenError('id_token_unknown_key', 'The ID token was signed with an unknown key')
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new IdTokenError('id_token_bad_signature', 'The ID token signature is invalid')
  if (err instanceof errors.JOSEAlgNotAllowed)
    return new IdTokenError('id_token_alg_not_allowed', 'The ID token algorithm is not accepted')
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError) {
    return new IdTokenError('line_unavailable', "LINE's signing keys could not be fetched; please try again", 503)
  }
  if (err instanceof errors.JOSEError) return new IdTokenError('id_token_malformed', 'The ID token is malformed')
  throw err
}

export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  return async (token, expected = {}) => {
    try {
      let alg: string | undefined
      try {
        alg = decodeProtectedHeader(token).alg
      } catch {
        throw new IdTokenError('id_token_malformed', 'The ID token is malformed')
      }
      const key = keyFor(alg, options)
      const verifyOptions = {
        algorithms: [alg!],
        issuer: options.issuer,
        audience: options.channelId,
        clockTolerance: clockSkewSeconds,
        currentDate: options.clock(),
        requiredClaims: ['sub', 'exp', 'iat'],
      }
      const { payload } =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, verifyOptions)
          : await jwtVerify(token, key, verifyOptions)
      if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
        throw new IdTokenError('id_token_nonce_mismatch', 'The ID token nonce does not match this login')
      }
      return {
        sub: payload.sub!,
        name: typeof payload.name === 'string' ? payload.name : undefined,
        picture: typeof payload.picture === 'string' ? payload.picture : undefined,
        nonce: typeof payload.nonce === 'string' ? payload.nonce : undefined,
      }
    } catch (err) {
      throw translate(err)
    }
  }
}
