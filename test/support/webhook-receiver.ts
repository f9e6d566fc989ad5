// A shop system's webhook endpoint over real HTTP, for the outgoing-webhook tests: records each POST with its
// Tsunagu headers and answers as the test says.
import { serveOnLoopback, type Served } from './serve'

export interface ReceivedDelivery {
  body: string
  payload: { id: string; type: string; occurredAt: string; data: Record<string, unknown> }
  eventId: string | null
  signature: string | null
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
