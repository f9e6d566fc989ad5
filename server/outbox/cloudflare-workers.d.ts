// The slice of workerd's `cloudflare:workers` module the server uses, typed from the importable
// @cloudflare/workers-types (the root tsconfig uses the DOM lib, so the global workers types cannot load).
declare module 'cloudflare:workers' {
  import type { DurableObjectState } from '@cloudflare/workers-types/index'

  /** The base class of a Durable Object whose methods are called over Workers RPC. */
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState
    protected env: Env
    constructor(ctx: DurableObjectState, env: Env)
  }
}
