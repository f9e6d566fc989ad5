// The LINE platform as the server sees it: Messaging API clients and the ID-token verifier.
import { insight, messagingApi } from '@line/bot-sdk'
import type { LineConfig } from '../config'
import type { Clock } from '../env'
import { createIdTokenVerifier, remoteJwks, type IdTokenVerifier } from './id-token'
import { createLinePush, type LinePush } from './push'

export interface LinePlatform {
  messaging: messagingApi.MessagingApiClient
  /** Push without the SDK's wrapper, for the outbox's hot path (push.ts says why). */
  push: LinePush
  blob: messagingApi.MessagingApiBlobClient
  /** Statistics of sent requests (server/jobs/message-insight.ts). */
  insight: insight.InsightClient
  verifyIdToken: IdTokenVerifier
  /** The bot's own user id (webhook bodies name it as `destination`): `LINE_BOT_USER_ID`, or asked of LINE once. */
  botUserId(): Promise<string>
}

/** Real LINE or the sandbox: the only difference is the base URLs and keys in `config`. */
export function createLinePlatform(config: LineConfig, clock: Clock): LinePlatform {
  const messaging = new messagingApi.MessagingApiClient({
    channelAccessToken: config.channelAccessToken,
    baseURL: config.apiBaseUrl,
  })
  let botUserId = config.botUserId ? Promise.resolve(config.botUserId) : null
  return {
    messaging,
    push: createLinePush(config),
    blob: new messagingApi.MessagingApiBlobClient({
      channelAccessToken: config.channelAccessToken,
      baseURL: config.apiDataBaseUrl,
    }),
    insight: new insight.InsightClient({ channelAccessToken: config.channelAccessToken, baseURL: config.apiBaseUrl }),
    verifyIdToken: createIdTokenVerifier({
      jwks: remoteJwks(config.jwksUrl),
      channelId: config.loginChannelId,
      channelSecret: config.loginChannelSecret,
      issuer: config.idTokenIssuer,
      clock,
    }),
    botUserId() {
      // Kept for the life of the platform (a Node process, a Workers isolate); a failed call is asked again next time.
      botUserId ??= messaging.getBotInfo().then(
        (info) => info.userId,
        (err: unknown) => {
          botUserId = null
          throw err
        },
      )
      return botUserId
    },
  }
}
