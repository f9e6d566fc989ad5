// Setup step: the LIFF app built for LINE and the Worker deployed, when it has never been or an earlier step changed
// something it reads (its code updates are `npm run deploy`'s job).
import { wranglerOk, type SetupContext, type StepResult } from './context'

export async function ensureDeployed(
  ctx: SetupContext,
  build: () => Promise<void>,
  changedBefore: boolean,
): Promise<StepResult> {
  const status = await ctx.wrangler(['deployments', 'status', '--json', '--config', ctx.wranglerTomlPath])
  if (status.code === 0 && !changedBefore) return { changes: [] }
  await build()
  await wranglerOk(ctx, ['deploy'], 'deploy the Worker')
  const what = ctx.target === 'local' ? 'started the local Worker' : 'deployed the Worker'
  return { changes: [`built the app (vite build --mode line) and ${what}`] }
}
