// The local target's wrangler (`npm run rehearse`): the setup's wrangler calls answered on this machine. Local D1
// commands run the real wrangler with the rehearsal's --persist-to directory; secrets go to .dev.vars beside the
// config (where `wrangler dev` reads them); "deploy" starts the local Worker. Any other command is refused.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tomlStrings, type WranglerRun } from '../setup/doctor'
import { runWrangler } from '../setup/wrangler-cli'
import type { LocalWorker } from './local-worker'

export interface LocalWranglerOptions {
  configPath: string
  persistTo: string
  worker: LocalWorker
}

const placeholderId = /^0{8}-0{4}-0{4}-0{4}-0{12}$/

/** `NAME="value"` lines of a .dev.vars file. */
export function readDevVars(path: string): Map<string, string> {
  const vars = new Map<string, string>()
  if (!existsSync(path)) return vars
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(".*")$/.exec(line)
    if (m) vars.set(m[1]!, JSON.parse(m[2]!) as string)
  }
  return vars
}

export function localWrangler(options: LocalWranglerOptions): (args: string[]) => Promise<WranglerRun> {
  const devVars = join(dirname(options.configPath), '.dev.vars')
  const ok = (stdout: string): WranglerRun => ({ code: 0, stdout })
  const refused = (stderr: string): WranglerRun => ({ code: 1, stdout: '', stderr })

  return async (all: string[]) => {
    const configAt = all.indexOf('--config')
    if (configAt >= 0 && all[configAt + 1] !== options.configPath) return refused(`not the rehearsal's config`)
    const args = configAt >= 0 ? all.filter((_, i) => i !== configAt && i !== configAt + 1) : all
    const command = args.join(' ')
    if (command === 'whoami') return ok('local target: no Cloudflare account is used')
    if (command === 'secret list --format json') {
      if (!existsSync(devVars)) return refused(`no ${devVars} yet`)
      return ok(JSON.stringify([...readDevVars(devVars).keys()].map((name) => ({ name, type: 'secret_text' }))))
    }
    if (args[0] === 'secret' && args[1] === 'bulk' && args.length === 3) {
      const vars = readDevVars(devVars)
      for (const [name, value] of Object.entries(JSON.parse(readFileSync(args[2]!, 'utf8')) as Record<string, string>))
        vars.set(name, value)
      const lines = [...vars].map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      writeFileSync(devVars, `${lines.join('\n')}\n`, { mode: 0o600 })
      return ok(`wrote ${vars.size} secrets to ${devVars}`)
    }
    if (command === 'deployments status --json') {
      return options.worker.running() ? ok('{}') : refused('the local Worker is not running')
    }
    if (command === 'deploy') {
      await options.worker.start()
      return ok(`the local Worker answers at ${options.worker.origin}`)
    }
    const toml = tomlStrings(readFileSync(options.configPath, 'utf8'))
    if (command === 'd1 list --json') {
      const id = toml.get('database_id') ?? ''
      return ok(JSON.stringify(placeholderId.test(id) ? [] : [{ uuid: id, name: toml.get('database_name') }]))
    }
    // A local D1 is made by wrangler on first use: creating one is choosing its id.
    if (args[0] === 'd1' && args[1] === 'create' && args.length === 3) {
      return ok(`[[d1_databases]]\nbinding = "DB"\ndatabase_name = "${args[2]}"\ndatabase_id = "${randomUUID()}"\n`)
    }
    const execute = args[1] === 'execute' && args[2] === 'DB'
    const migrate = args[1] === 'migrations' && args[2] === 'apply' && args[3] === 'DB'
    if (args[0] === 'd1' && (execute || migrate) && args.includes('--local')) {
      return runWrangler([...args, '--persist-to', options.persistTo, '--config', options.configPath])
    }
    return refused(`the local rehearsal does not run \`wrangler ${command}\``)
  }
}
