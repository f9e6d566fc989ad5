// Setup step: the LIFF app built for LINE and the Worker deployed, when it has never been or a step changed something
// since the last deploy, in this run or in one that stopped before deploying (its code updates are `npm run deploy`'s job).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { wranglerOk, type SetupContext, type StepResult } from './context'

/** Kept beside wrangler.toml (in wrangler's own ignored directory) from a change until the deploy that carries it. */
function pendingMarker(ctx: SetupContext): string {
  return join(dirname(ctx.wranglerTomlPath), '.wrangler', 'setup-deploy-pending')
}

/** Notes that the deployment lags behind a change, so that a run stopped before the deploy step is deployed by the next. */
export function markDeployPending(ctx: SetupContext): void {
  mkdirSync(dirname(pendingMarker(ctx)), { recursive: true })
  writeFileSync(pendingMarker(ctx), '')
}

export async function ensureDeployed(ctx: SetupContext, build: () => Promise<void>): Promise<StepResult> {
  const status = await ctx.wrangler(['deployments', 'status', '--json', '--config', ctx.wranglerTomlPath])
  if (status.code === 0 && !existsSync(pendingMarker(ctx))) return { changes: [] }
  await build()
  await wranglerOk(ctx, ['deploy'], 'deploy the Worker')
  rmSync(pendingMarker(ctx), { force: true })
  const done =
    ctx.target === 'local'
      ? 'built the app (with the sandbox: a local Worker has no LINE to log in with) and started the local Worker'
      : 'built the app (vite build --mode line) and deployed the Worker'
  return { changes: [done] }
}
