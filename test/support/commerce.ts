// The EC site in tests: an API key, and requests to the integration routes as the site sends them.
import { createApiKey } from '../../server/data/api-keys'
import type { TestApp } from './test-app'

/** An answer's JSON, read loosely by the tests that check it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of arbitrary JSON
type Reply = Record<string, any>

export async function ecSite(t: TestApp) {
  const { key } = await createApiKey(t.db, 'EC site', 'test', { scopes: ['orders', 'carts'], rateTier: 'high' })
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown) => {
    const res = await t.app.request(`/api/integration${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Reply }
  }
  return {
    key,
    order: (orderId: string, body: unknown) => send('POST', `/orders/${orderId}/events`, body),
    cart: (cartId: string, body: unknown) => send('PUT', `/carts/${cartId}`, body),
    save: (itemId: string, body: unknown) => send('PUT', `/items/${itemId}/saved`, body),
    itemEvent: (itemId: string, body: unknown) => send('POST', `/items/${itemId}/events`, body),
  }
}

/** The Flex messages a LINE user received in the sandbox, oldest first. */
export const flexInbox = (t: TestApp, lineUserId: string) =>
  (t.sandbox.messaging.record.inbox.get(lineUserId) ?? []).map((m) => m.message).filter((m) => m.type === 'flex') as {
    type: 'flex'
    altText: string
    contents: Reply
  }[]

export const towel = {
  name: 'オーガニックコットン タオル',
  imageUrl: 'https://shop.example.jp/img/towel.jpg',
  priceYen: 1980,
  url: 'https://shop.example.jp/items/towel',
}
export const mug = {
  name: 'Stoneware mug',
  imageUrl: 'https://shop.example.jp/img/mug.jpg',
  priceYen: 2400,
  url: 'https://shop.example.jp/items/mug',
  quantity: 2,
}
