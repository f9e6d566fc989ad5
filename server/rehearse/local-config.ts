// The rehearsal's own wrangler.toml: the repository's, in the rehearsal's directory (so .dev.vars and wrangler's
// state land there), with its paths made absolute, the app built into that directory and the LINE sandbox on.
import { isAbsolute, resolve } from 'node:path'

export interface RehearsalTomlOptions {
  /** The repository's root, which the original's relative paths start from. */
  root: string
  /** Where the rehearsal builds the LIFF app. */
  assetsDir: string
  /** The sandbox the Worker talks to instead of LINE (a local Worker cannot reach LINE's ID-token keys). */
  sandboxUrl: string
}

export function rehearsalToml(toml: string, options: RehearsalTomlOptions): string {
  const set = (text: string, key: string, value: (old: string) => string) => {
    const line = new RegExp(`^(\\s*${key}\\s*=\\s*)"([^"]*)"`, 'm')
    if (!line.test(text)) throw new Error(`wrangler.toml has no ${key} = "…" line for the rehearsal to rewrite`)
    return text.replace(line, (_, head: string, old: string) => `${head}${JSON.stringify(value(old))}`)
  }
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(options.root, path))
  let out = set(toml, 'main', absolute)
  out = set(out, 'migrations_dir', absolute)
  out = set(out, 'directory', () => options.assetsDir)
  // Beside LINE_SANDBOX, in [vars].
  return set(out, 'LINE_SANDBOX', () => 'on').replace(
    /^(\s*LINE_SANDBOX\s*=.*)$/m,
    (line) => `${line}\nLINE_SANDBOX_URL = ${JSON.stringify(options.sandboxUrl)}`,
  )
}
