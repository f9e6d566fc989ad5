// Setup step: the outbox Queues named in wrangler.toml (the main queue and its dead-letter queue), found or created
// before the deploy that binds them. The OutboxPacer Durable Object needs no step: its migration ([[migrations]]) is
// applied by that deploy.
import { readFileSync } from 'node:fs'
import { wranglerOk, type SetupContext, type StepResult } from './context'

/** Every queue wrangler.toml names (producers, consumers, dead-letter queues), in order of first mention. */
export function queueNames(toml: string): string[] {
  const names = [...toml.matchAll(/^\s*(?:queue|dead_letter_queue)\s*=\s*"([^"]+)"/gm)].map((m) => m[1]!)
  return [...new Set(names)]
}

export async function ensureQueues(ctx: SetupContext): Promise<StepResult> {
  const names = queueNames(readFileSync(ctx.wranglerTomlPath, 'utf8'))
  const migration = 'the OutboxPacer Durable Object (wrangler.toml [[migrations]]) is created by the deploy'
  if (ctx.target === 'local') {
    return {
      changes: [],
      notes: [`local Queues (${names.join(', ')}) and Durable Object: the local Worker makes them`],
    }
  }
  const changes: string[] = []
  for (const name of names) {
    const info = await ctx.wrangler(['queues', 'info', name, '--config', ctx.wranglerTomlPath])
    if (info.code === 0) continue
    await wranglerOk(ctx, ['queues', 'create', name], `create the Queue ${name}`)
    changes.push(`created Queue ${name}`)
  }
  return { changes, notes: [migration] }
}
