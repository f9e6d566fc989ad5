// Setup step: PUBLIC_URL from the environment written into wrangler.toml's [vars] (only that line changes).
import { readFileSync, writeFileSync } from 'node:fs'
import { tomlStrings } from './doctor'
import { servedUrl, type SetupContext, type StepResult } from './context'
import { SetupError } from './setup-error'

export function ensurePublicUrl(ctx: SetupContext): StepResult {
  const toml = readFileSync(ctx.wranglerTomlPath, 'utf8')
  const current = tomlStrings(toml).get('PUBLIC_URL')
  const wanted = ctx.env.PUBLIC_URL?.trim().replace(/\/$/, '') || current
  if (!servedUrl(ctx, wanted)) {
    throw new SetupError(`PUBLIC_URL must be the https URL the shop is served at (now ${wanted ?? 'unset'})`)
  }
  if (wanted === current) return { changes: [] }
  writeFileSync(
    ctx.wranglerTomlPath,
    toml.replace(/^(\s*PUBLIC_URL\s*=\s*)"[^"]*"/m, (_, k: string) => `${k}"${wanted}"`),
  )
  return { changes: [`wrangler.toml: PUBLIC_URL ${current} → ${wanted}`] }
}
