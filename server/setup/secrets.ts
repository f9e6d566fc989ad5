// Setup step: the Worker's secrets, set in one `wrangler secret bulk` call; the card-token keys and the session secret
// are generated when the Worker has none. Values never leave the private temp file (and are never printed).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { workerSecrets } from './doctor'
import { wranglerOk, type SetupContext, type StepResult } from './context'
import { SetupError } from './setup-error'

const generators: Record<string, () => string> = {
  CARD_TOKEN_KEYS: () => `k1:${randomBytes(32).toString('base64url')}`,
  SESSION_SECRET: () => randomBytes(32).toString('base64url'),
}

/** The names of the Worker's secrets; none when it cannot say (the Worker does not exist yet). */
async function secretsOnWorker(ctx: SetupContext): Promise<Set<string>> {
  const listed = await ctx.wrangler(['secret', 'list', '--format', 'json', '--config', ctx.wranglerTomlPath])
  if (listed.code !== 0) return new Set()
  return new Set((JSON.parse(listed.stdout) as { name: string }[]).map((s) => s.name))
}

/**
 * Sets each secret the Worker lacks (and those named in `replace`, e.g. a LIFF_ID just created) from `values`,
 * generating the ones the setup can make.
 */
export async function ensureSecrets(
  ctx: SetupContext,
  values: Record<string, string | undefined>,
  replace: string[] = [],
): Promise<StepResult> {
  const present = await secretsOnWorker(ctx)
  const toSet: Record<string, string> = {}
  const generated: string[] = []
  for (const name of workerSecrets) {
    if (present.has(name) && !replace.includes(name)) continue
    let value = values[name]
    if (!value && generators[name]) {
      value = generators[name]()
      generated.push(name)
    }
    if (!value) throw new SetupError(`${name} is neither set on the Worker nor given: set ${name}=… and run again`)
    toSet[name] = value
  }
  const names = Object.keys(toSet)
  if (names.length === 0) return { changes: [] }
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-secrets-'))
  try {
    const file = join(dir, 'secrets.json')
    writeFileSync(file, JSON.stringify(toSet), { mode: 0o600 })
    await wranglerOk(ctx, ['secret', 'bulk', file], 'set the Worker’s secrets')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const made = generated.length ? ` (generated: ${generated.join(', ')})` : ''
  return { changes: [`set Worker secrets ${names.join(', ')}${made}`] }
}
