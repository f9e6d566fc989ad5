// What every setup step is given (the environment, wrangler, where wrangler.toml is) and what it answers.
import type { WranglerRun } from './doctor'
import { SetupError } from './setup-error'

export interface SetupContext {
  /** LINE credentials, PUBLIC_URL, LINE_API_BASE_URL…: the environment, completed by the prompts. */
  env: Record<string, string | undefined>
  /** The wrangler.toml the deployment uses (the repository's own in `npm run setup`). */
  wranglerTomlPath: string
  /** Runs `wrangler <args>` (on Cloudflare's servers: stands in for them only in tests). */
  wrangler: (args: string[]) => Promise<WranglerRun>
  clock: () => Date
  /**
   * Where the shop goes live: Cloudflare (`npm run setup`), or this machine (`npm run rehearse`: local D1 without Time
   * Travel, a loopback http PUBLIC_URL, the wrangler of server/rehearse/local-wrangler.ts). Default cloudflare.
   */
  target?: 'cloudflare' | 'local'
}

/** wrangler d1's flag for the database the target uses. */
export function d1Flag(ctx: SetupContext): '--remote' | '--local' {
  return ctx.target === 'local' ? '--local' : '--remote'
}

/** Whether `url` is where the target serves the app: https, or http on loopback for the local target. */
export function servedUrl(ctx: Pick<SetupContext, 'target'>, url: string | undefined): boolean {
  const parsed = url ? URL.parse(url) : null
  if (parsed?.protocol === 'https:') return true
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed?.hostname ?? '')
  return ctx.target === 'local' && parsed?.protocol === 'http:' && loopback
}

export interface StepResult {
  /** What the step changed, in words; empty when everything was already in place. */
  changes: string[]
  /** What a person should know or keep (e.g. a restore command), not a change. */
  notes?: string[]
}

/** How often, and how far apart, a local run is tried again while the local Worker holds the D1 file's lock. */
const busyTries = 8
const busyPauseMs = 400
const busyLocalD1 = /SQLITE_BUSY|database is locked/

/**
 * Runs wrangler on ctx's wrangler.toml; a failure stops the setup with `what` and wrangler's own last words. On the
 * local target the running Worker (`wrangler dev`) shares the D1 file with this wrangler: a statement that meets the
 * Worker's write lock is tried again after a pause (SQLITE_BUSY), as Cloudflare's D1 queues it.
 */
export async function wranglerOk(ctx: SetupContext, args: string[], what: string): Promise<string> {
  let run = await ctx.wrangler([...args, '--config', ctx.wranglerTomlPath])
  for (let tries = 1; run.code !== 0 && ctx.target === 'local' && tries < busyTries; tries++) {
    if (!busyLocalD1.test(`${run.stderr ?? ''}\n${run.stdout}`)) break
    await new Promise((resolve) => setTimeout(resolve, busyPauseMs))
    run = await ctx.wrangler([...args, '--config', ctx.wranglerTomlPath])
  }
  if (run.code !== 0) {
    const said = (run.stderr ?? run.stdout).trim().split('\n').slice(-3).join(' ')
    throw new SetupError(`wrangler could not ${what} (\`wrangler ${args.join(' ')}\`)${said ? `: ${said}` : ''}`)
  }
  return run.stdout
}
