import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureQueues, queueNames } from '../../../server/setup/queues'
import { standInCheckout } from '../../support/wrangler-stand-in'

let checkout: ReturnType<typeof standInCheckout>
beforeEach(() => {
  checkout = standInCheckout()
})
afterEach(() => checkout.close())

describe('ensureQueues', () => {
  it('reads the outbox Queue and its dead-letter queue from wrangler.toml', () => {
    expect(queueNames(readFileSync('wrangler.toml', 'utf8'))).toEqual(['tsunagu-outbox', 'tsunagu-outbox-dlq'])
  })

  it('creates the Queues an account lacks, once: a second run finds them and changes nothing', async () => {
    const { ctx, wrangler } = checkout
    wrangler.state.queues.add('tsunagu-outbox-dlq')
    const first = await ensureQueues(ctx)
    expect(first.changes).toEqual(['created Queue tsunagu-outbox'])
    expect(first.notes).toEqual([expect.stringContaining('OutboxPacer Durable Object')])
    expect([...wrangler.state.queues].sort()).toEqual(['tsunagu-outbox', 'tsunagu-outbox-dlq'])

    const calls = wrangler.state.calls.length
    expect((await ensureQueues(ctx)).changes).toEqual([])
    expect(wrangler.state.calls.slice(calls).map((c) => c.slice(0, 2).join(' '))).toEqual([
      'queues info',
      'queues info',
    ])
  })

  it('makes no wrangler call for the local rehearsal, whose Worker has its own Queues', async () => {
    const { ctx, wrangler } = checkout
    const result = await ensureQueues({ ...ctx, target: 'local' })
    expect(result.changes).toEqual([])
    expect(result.notes).toEqual([expect.stringContaining('tsunagu-outbox, tsunagu-outbox-dlq')])
    expect(wrangler.state.calls).toEqual([])
  })
})
