// card-bundle: gzipped size of the JavaScript the card page needs for its first paint (entry + static imports).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Manifest } from 'vite'
import { kb, machineLine, table, verdict } from './support/report'

export const targetGzipBytes = 60 * 1024
/** The module that mounts the card page (Vue, the card components): part of the first paint however it is loaded. */
const cardShellKey = 'src/app-shell.ts'

export interface BundleReport {
  mode: string
  /** Entry chunk and its static imports, in load order. */
  firstPaintJs: { file: string; raw: number; gzip: number }[]
  jsGzip: number
  cssGzip: number
  htmlGzip: number
  lazyJsGzip: number
}

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length

/** The entry chunk and everything it imports statically (lazy `import()` chunks excluded). */
export function staticClosure(manifest: Manifest, entryKey: string): string[] {
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    seen.add(key)
    for (const dep of manifest[key]?.imports ?? []) visit(dep)
  }
  visit(entryKey)
  return [...seen]
}

/** Script and modulepreload URLs named by the built index.html: what the browser fetches before the card can render. */
function htmlReferences(html: string): { js: string[]; css: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1]
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? []
  const js = tags
    .filter((t) => /type="module"|rel="modulepreload"/.test(t))
    .map((t) => attr(t, 'src') ?? attr(t, 'href')!)
  const css = tags.filter((t) => /rel="stylesheet"/.test(t)).map((t) => attr(t, 'href')!)
  return { js, css }
}

export async function measureBundle(mode: 'production' | 'line'): Promise<BundleReport> {
  const outDir = mkdtempSync(join(tmpdir(), `tsunagu-bench-liff-${mode}-`))
  try {
    await build({
      configFile: 'vite.config.ts',
      mode,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: true },
    })
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest
    const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)
    if (!entryKey) throw new Error('no entry in the Vite manifest')
    // The HTML is what the browser actually fetches before the card can render: the entry and its static imports,
    // plus what it preloads — the card's Vue half (src/app-shell.ts), a dynamic import that main.ts awaits
    // before mounting the card, listed in index.html by vite.config.ts `preloadCardShell`.
    const html = readFileSync(join(outDir, 'index.html'))
    const refs = htmlReferences(html.toString())
    const keyOf = new Map(Object.entries(manifest).map(([k, c]) => [c.file, k]))
    const preloaded = refs.js.map((u) => {
      const key = keyOf.get(u.replace(/^\//, ''))
      if (!key) throw new Error(`index.html loads JS the manifest does not know: ${u}`)
      return key
    })
    const closure = [...new Set([entryKey, ...preloaded].flatMap((k) => staticClosure(manifest, k)))]
    if (!closure.includes(cardShellKey))
      throw new Error(`the card's first paint set lacks ${cardShellKey}: the card would render late, not be smaller`)
    const files = closure.map((k) => manifest[k]!.file)

    const read = (file: string) => readFileSync(join(outDir, file))
    const firstPaintJs = files.map((file) => {
      const bytes = read(file)
      return { file, raw: bytes.length, gzip: gzipSize(bytes) }
    })
    const cssFiles = new Set([
      ...refs.css.map((u) => u.replace(/^\//, '')),
      ...closure.flatMap((k) => manifest[k]!.css ?? []),
    ])
    const lazy = new Set(
      Object.values(manifest)
        .map((c) => c.file)
        .filter((f) => f.endsWith('.js') && !files.includes(f)),
    )
    return {
      mode,
      firstPaintJs,
      jsGzip: firstPaintJs.reduce((sum, f) => sum + f.gzip, 0),
      cssGzip: [...cssFiles].reduce((sum, f) => sum + gzipSize(read(f)), 0),
      htmlGzip: gzipSize(html),
      lazyJsGzip: [...lazy].reduce((sum, f) => sum + gzipSize(read(f)), 0),
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<void> {
  console.log(`card-bundle — ${machineLine()}`)
  console.log(
    'gzip -9 of each file, summed; first paint = the entry and every chunk index.html preloads (the card shell), ' +
      'with their static imports; other lazy chunks not counted\n',
  )
  for (const mode of ['production', 'line'] as const) {
    const r = await measureBundle(mode)
    const label =
      mode === 'line'
        ? 'vite build --mode line (real LINE, no sandbox code)'
        : 'vite build (sandbox-capable, what npm start serves)'
    console.log(label)
    console.log(table([['file', 'raw', 'gzip'], ...r.firstPaintJs.map((f) => [f.file, kb(f.raw), kb(f.gzip)])]))
    console.log(
      `first-paint JS ${kb(r.jsGzip)} gz · CSS ${kb(r.cssGzip)} gz · HTML ${kb(r.htmlGzip)} gz · lazy JS (not counted) ${kb(r.lazyJsGzip)} gz`,
    )
    console.log(
      verdict(
        `card JS gzipped (${mode})`,
        r.jsGzip <= targetGzipBytes,
        `${kb(r.jsGzip)} (target ≤ ${kb(targetGzipBytes)})`,
      ) + '\n',
    )
  }
}
