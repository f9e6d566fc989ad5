// The slice of workerd's test modules these tests use, typed from the importable @cloudflare/workers-types:
// the root tsconfig uses the DOM lib, so the global workers types (and the pool's ambient ones) cannot load.
declare module 'cloudflare:test' {
  import type {
    D1Database,
    DurableObjectStub,
    ExecutionContext,
    MessageBatch,
    ScheduledController,
  } from '@cloudflare/workers-types/index'

  export interface D1Migration {
    name: string
    queries: string[]
  }
  export function applyD1Migrations(
    db: D1Database,
    migrations: D1Migration[],
    migrationsTableName?: string,
  ): Promise<void>
  export function createExecutionContext(): ExecutionContext
  /** Tears the object's instance down (its memory), keeping its storage: the next request makes a new instance. */
  export function evictDurableObject(stub: DurableObjectStub): Promise<void>
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>
  export function createScheduledController(options?: { scheduledTime?: Date; cron?: string }): ScheduledController
  export function createMessageBatch<Body = unknown>(
    queueName: string,
    messages: { id: string; timestamp: Date; attempts: number; body: Body }[],
  ): MessageBatch<Body>
  export function getQueueResult(
    batch: MessageBatch,
    ctx: ExecutionContext,
  ): Promise<{ outcome: string; ackAll: boolean; explicitAcks: string[] }>
}

declare module 'cloudflare:workers' {
  import type { D1Database, Fetcher } from '@cloudflare/workers-types/index'
  import type { D1Migration } from 'cloudflare:test'

  /** wrangler.toml's bindings plus those vitest.workers.config.ts adds. */
  export const env: {
    DB: D1Database
    LINE_SANDBOX_URL: string
    TEST_MIGRATIONS: D1Migration[]
    [name: string]: unknown
  }
  export const exports: { default: Fetcher }
}
