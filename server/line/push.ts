// LINE's push endpoint called with one `fetch`, for the outbox's hot path (one request per personalised message).
//
// Why not the SDK's `pushMessage` here: `npm run bench -- worker-fanout` (BENCHMARKS.md, "Stop 24: CPU per
// request") is CPU-bound in workerd's one JavaScript thread, and a CPU profile put ~12 % of the Worker's samples in
// the SDK's wrapper around `fetch` (a URL object, header objects merged and lower-cased per call, the answer read as
// text and parsed though nobody reads it), and the stored messages went through `JSON.parse` and `JSON.stringify`. This sends the same request — same URL, Authorization, Content-Type,
// X-Line-Retry-Key and JSON body — with headers built once, and fails the way the SDK does (`HTTPFetchError`, so
// policy.ts classifies both alike). Everything else (multicast, rich menus, insight, ...) goes through the SDK.
import { HTTPFetchError } from '@line/bot-sdk'

/**
 * Sends one push request to `to` under `retryKey`; `messagesJson` is the JSON text of its messages array (as the
 * outbox stores it: written by `JSON.stringify`, so it goes into the body as it is, not parsed and written again).
 * Resolves when LINE accepted it, rejects with `HTTPFetchError` otherwise.
 */
export type LinePush = (to: string, messagesJson: string, retryKey: string) => Promise<void>

export function createLinePush(config: { apiBaseUrl: string; channelAccessToken: string }): LinePush {
  const url = new URL('/v2/bot/message/push', config.apiBaseUrl).href
  const authorization = `Bearer ${config.channelAccessToken}`
  return async (to, messagesJson, retryKey) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        'user-agent': 'tsunagu',
        'x-line-retry-key': retryKey,
      },
      body: `{"to":${JSON.stringify(to)},"messages":${messagesJson}}`,
    })
    // The body is read either way: a connection is reused only once its answer has been read.
    const body = await res.text()
    if (!res.ok) {
      const { status, statusText, headers } = res
      throw new HTTPFetchError(`${status} - ${statusText}`, { status, statusText, headers, body })
    }
  }
}
