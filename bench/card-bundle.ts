// card-bundle: gzipped size of the JavaScript the card page loads: what its first paint needs when LINE opens it, and
// with LIFF's files, which follow the card there and come first when the page is opened any other way.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Manifest } from 'vite'
import { kb, machineLine, table, verdict } from './support/report'

export const targetGzipBytes = 60 * 1024
/** The modules that mount the card page: if either became a lazy chunk, the card would render later, not be smaller. */
const cardModuleKeys = ['src/app-shell.ts', 'src/card/CardPage.vue']

interface JsFile {
  file: string
  raw: number
  gzip: number
}

export interface BundleReport {
  mode: string
  /** Opened by LINE: the entry, what index.html loads, and their static imports, in load order. */
  firstPaintJs: JsFile[]
  jsGzip: number
  /** LIFF's files (index.html's `tsunagu:liff`): after the card inside LINE, before it when opened any other way. */
  liffJs: JsFile[]
  /** All of the card page's JavaScript: the first paint and LIFF. */
  withLiffGzip: number
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

/** Script, modulepreload, stylesheet and LIFF-preload (`<meta name="tsunagu:liff">`) URLs named by the built index.html. */
function htmlReferences(html: string): { js: string[]; css: string[]; liff: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1]
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? []
  const js = tags
    .filter((t) => /type="module"|rel="modulepreload"/.test(t))
    .map((t) => attr(t, 'src') ?? attr(t, 'href')!)
  const css = tags.filter((t) => /rel="stylesheet"/.test(t)).map((t) => attr(t, 'href')!)
  const liff = /<meta name="tsunagu:liff" content="([^"]*)"/.exec(html)?.[1]?.split(' ') ?? []
  return { js, css, liff }
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
    // The HTML is what the browser actually fetches before the card can render: the entry (Vue, the card) and its
    // static imports, plus anything index.html preloads. LIFF's files, named for index.html's launch script, come
    // after the card when LINE opened the page and are added for the second number.
    const html = readFileSync(join(outDir, 'index.html'))
    const refs = htmlReferences(html.toString())
    const keyOf = new Map(Object.entries(manifest).map(([k, c]) => [c.file, k]))
    const keysOf = (urls: string[]) =>
      urls.map((u) => {
        const key = keyOf.get(u.replace(/^\//, ''))
        if (!key) throw new Error(`index.html names JS the manifest does not know: ${u}`)
        return key
      })
    const closureOf = (keys: string[]) => [...new Set(keys.flatMap((k) => staticClosure(manifest, k)))]
    const closure = closureOf([entryKey, ...keysOf(refs.js)])
    const lazyCard = cardModuleKeys.filter((k) => manifest[k] && !closure.includes(k))
    if (lazyCard.length)
      throw new Error(`the card's first paint set lacks ${lazyCard.join(', ')}: the card would render late`)
    if (!refs.liff.length) throw new Error('index.html names no LIFF files (vite.config.ts preloadLiff)')
    const liffKeys = closureOf(keysOf(refs.liff)).filter((k) => !closure.includes(k))
    const files = closure.map((k) => manifest[k]!.file)
    const liffFiles = liffKeys.map((k) => manifest[k]!.file)

    const read = (file: string) => readFileSync(join(outDir, file))
    const sized = (file: string): JsFile => {
      const bytes = read(file)
      return { file, raw: bytes.length, gzip: gzipSize(bytes) }
    }
    const firstPaintJs = files.map(sized)
    const liffJs = liffFiles.map(sized)
    const sum = (js: JsFile[]) => js.reduce((total, f) => total + f.gzip, 0)
    const cssFiles = new Set([
      ...refs.css.map((u) => u.replace(/^\//, '')),
      ...closure.flatMap((k) => manifest[k]!.css ?? []),
    ])
    const lazy = new Set(
      Object.values(manifest)
        .map((c) => c.file)
        .filter((f) => f.endsWith('.js') && !files.includes(f) && !liffFiles.includes(f)),
    )
    return {
      mode,
      firstPaintJs,
      jsGzip: sum(firstPaintJs),
      liffJs,
      withLiffGzip: sum(firstPaintJs) + sum(liffJs),
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
    'gzip -9 of each file, summed; first paint = the entry and anything index.html loads, with their static imports ' +
      "(what the card needs when LINE opens it); with LIFF = plus LIFF's files, which follow the card inside LINE and " +
      'come first when it is opened any other way; other lazy chunks not counted\n',
  )
  for (const mode of ['production', 'line'] as const) {
    const r = await measureBundle(mode)
    const label =
      mode === 'line'
        ? 'vite build --mode line (real LINE, no sandbox code)'
        : 'vite build (sandbox-capable, what npm start serves)'
    console.log(label)
    const row = (set: string) => (f: JsFile) => [set, f.file, kb(f.raw), kb(f.gzip)]
    console.log(
      table([['set', 'file', 'raw', 'gzip'], ...r.firstPaintJs.map(row('first paint')), ...r.liffJs.map(row('LIFF'))]),
    )
    console.log(
      `first-paint JS ${kb(r.jsGzip)} gz · with LIFF ${kb(r.withLiffGzip)} gz · CSS ${kb(r.cssGzip)} gz · HTML ${kb(r.htmlGzip)} gz · other lazy JS (not counted) ${kb(r.lazyJsGzip)} gz`,
    )
    console.log(
      verdict(
        `card JS gzipped, first paint opened by LINE (${mode})`,
        r.jsGzip <= targetGzipBytes,
        `${kb(r.jsGzip)} (target ≤ ${kb(targetGzipBytes)})`,
      ),
    )
    console.log(
      verdict(
        `card JS gzipped, with LIFF: all of it, and the first paint opened any other way (${mode})`,
        r.withLiffGzip <= targetGzipBytes,
        `${kb(r.withLiffGzip)} (target ≤ ${kb(targetGzipBytes)})`,
      ) + '\n',
    )
  }
}
