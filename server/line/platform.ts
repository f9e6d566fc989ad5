// The LINE platform as the server sees it: Messaging API clients and the ID-token verifier.
import { messagingApi } from '@line/bot-sdk'
import type { LineConfig } from '../config'
import type { Clock } from '../env'
import { createIdTokenVerifier, remoteJwks, type IdTokenVerifier } from './id-token'

export interface LinePlatform {
  messaging: messagingApi.MessagingApiClient
  blob: messagingApi.MessagingApiBlobClient
  verifyIdToken: IdTokenVerifier
}

/** Real LINE or the sandbox: the only difference is the base URLs and keys in `config`. */
export function createLinePlatform(config: LineConfig, clock: Clock): LinePlatform {
  return {
    messaging: new messagingApi.MessagingApiClient({
      channelAccessToken: config.channelAccessToken,
      baseURL: config.apiBaseUrl,
    }),
    blob: new messagingApi.MessagingApiBlobClient({
      channelAccessToken: config.channelAccessToken,
      baseURL: config.apiDataBaseUrl,
    }),
    verifyIdToken: createIdTokenVerifier({
      jwks: remoteJwks(config.jwksUrl),
      channelId: config.loginChannelId,
      channelSecret: config.loginChannelSecret,
      issuer: config.idTokenIssuer,
      clock,
    }),
  }
}
