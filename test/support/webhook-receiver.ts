// A shop system's webhook endpoint over real HTTP, for the outgoing-webhook tests: records each POST with its
// Tsunagu headers, checks the signature as a receiver would (node:crypto, independent of the server's code) and
// answers as the test says.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { serveOnLoopback, type Served } from './serve'

export interface ReceivedDelivery {
  body: string
  payload: { id: string; type: string; occurredAt: string; data: Record<string, unknown> }
  eventId: string | null
  signature: string | null
}

/** Whether `header` (`t=…,v1=…`) signs `body` with `secret`, as docs/outgoing-webhooks.md tells receivers to check. */
export function verifyTsunaguSignature(secret: string, body: string, header: string | null): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]))
  if (!parts.t || !parts.v1) return false
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest()
  const given = Buffer.from(parts.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function webhookReceiver() {
  const received: ReceivedDelivery[] = []
  const receiver = {
    received,
    /** The next answers, in order (then 200): a status, or a status with headers. */
    answers: [] as (number | { status: number; headers: Record<string, string> })[],
    served: null as unknown as Served,
    url: (path = '/hook') => `${receiver.served.url}${path}`,
    close: () => receiver.served.close(),
  }
  receiver.served = await serveOnLoopback(async (req) => {
    const body = await req.text()
    if (new URL(req.url).pathname !== '/hook') return new Response('wrong path', { status: 404 })
    received.push({
      body,
      payload: JSON.parse(body) as ReceivedDelivery['payload'],
      eventId: req.headers.get('x-tsunagu-event-id'),
      signature: req.headers.get('x-tsunagu-signature'),
    })
    const answer = receiver.answers.shift() ?? 200
    return typeof answer === 'number'
      ? new Response('{}', { status: answer })
      : new Response('busy', { status: answer.status, headers: answer.headers })
  })
  return receiver
}
