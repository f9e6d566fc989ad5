// What `npm run setup` reads from the environment for a shop's LINE channels, pointing at a test app's LINE sandbox.
import type { Config } from '../../server/config'

/** The setup's LINE settings for the channels of `line` (a test app's config), the shop served at `publicUrl`. */
export const setupLineEnv = (line: Config['line'], publicUrl = 'https://members.example-shop.jp') => ({
  PUBLIC_URL: publicUrl,
  LINE_LOGIN_CHANNEL_ID: line.loginChannelId,
  LINE_LOGIN_CHANNEL_SECRET: line.loginChannelSecret,
  LINE_CHANNEL_ACCESS_TOKEN: line.channelAccessToken,
  LINE_CHANNEL_SECRET: line.channelSecret,
  LINE_API_BASE_URL: line.apiBaseUrl,
  LINE_API_DATA_BASE_URL: line.apiDataBaseUrl,
})
