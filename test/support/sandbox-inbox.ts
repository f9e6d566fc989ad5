// Messages pushed to one user of a fresh messaging sandbox, and the inbox page that shows them: for the inbox tests.
import { expect } from 'vitest'
import { createInbox } from '../../server/sandbox/inbox'
import { createMessagingSandbox, type MessagingSandbox } from '../../server/sandbox/messaging'

export const channelToken = 'test-channel-access-token'
export const alice = 'U1000000000000000000000000000c001'

/** A fresh messaging sandbox (at `now`, if given) to which `messages` were pushed to alice. */
export async function pushed(messages: unknown[], now?: () => number): Promise<MessagingSandbox> {
  const messaging = createMessagingSandbox({ channelAccessToken: channelToken, now })
  const res = await messaging.app.request('/v2/bot/message/push', {
    method: 'POST',
    headers: { authorization: `Bearer ${channelToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: alice, messages }),
  })
  expect(res.status).toBe(200)
  return messaging
}

/** The HTML of alice's inbox page. */
export async function inboxPage(messaging: MessagingSandbox, shopName?: string): Promise<string> {
  return (await createInbox({ messaging, shopName }).app.request(`/?user=${alice}`)).text()
}
