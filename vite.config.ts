// Builds the LIFF front end (liff-app/ → dist/liff); `--mode line` drops all LINE-sandbox code for real channels.
import { readFileSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin, type Rolldown } from 'vite'

const backend = 'http://localhost:8787'

/**
 * Writes `.br` and `.gz` beside every hashed text asset, for the Node server's `serveStatic({ precompressed: true })`.
 * Only content-hashed files under assets/, so a compressed copy can never disagree with its original (index.html,
 * ~1 KB, is sent as is).
 * Cloudflare compresses static assets itself, so `.assetsignore` keeps these copies out of a Workers upload.
 */
function precompress(): Plugin {
  return {
    name: 'tsunagu:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir!
      const br = promisify(brotliCompress)
      const gz = promisify(gzip)
      const writes = Object.values(bundle).flatMap((file) => {
        if (!/^assets\/.+\.(js|css|svg|json)$/.test(file.fileName)) return []
        const bytes = Buffer.from(file.type === 'chunk' ? file.code : file.source)
        if (bytes.length < 512) return []
        const path = join(outDir, file.fileName)
        return [
          br(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).then((out) => writeFile(`${path}.br`, out)),
          gz(bytes, { level: 9 }).then((out) => writeFile(`${path}.gz`, out)),
        ]
      })
      writeFileSync(join(outDir, '.assetsignore'), '*.br\n*.gz\n')
      await Promise.all(writes)
    },
  }
}

/**
 * `_headers` for Cloudflare's static assets: the hashed files under /assets/ are served without the Worker
 * (wrangler.toml `run_worker_first`), so their nosniff comes from here; every page goes through the Worker, which sets
 * the pages' own security headers (server/security-headers.ts). The Node server sets the same on assets itself.
 */
function assetHeaders(): Plugin {
  return {
    name: 'tsunagu:asset-headers',
    apply: 'build',
    writeBundle(options) {
      writeFileSync(join(options.dir!, '_headers'), '/assets/*\n  X-Content-Type-Options: nosniff\n')
    },
  }
}

/**
 * `tiny-sha256` (the PKCE hash of LIFF's login) as an ES module: the package's own `sha256.js` function with an
 * `export`, instead of its UMD `index.js`, which also carries a string copy of its own source (`sha256.code`) and
 * needs the bundler's CommonJS wrapper in the card's entry (together ~1 KB gz). Same function, byte for byte.
 */
export function tinySha256Esm(): Plugin {
  const virtual = '\0tiny-sha256'
  return {
    name: 'tsunagu:tiny-sha256-esm',
    enforce: 'pre',
    resolveId: (id) => (id === 'tiny-sha256' ? virtual : null),
    load(id) {
      if (id !== virtual) return null
      const file = createRequire(import.meta.url).resolve('tiny-sha256/sha256.js')
      return `${readFileSync(file, 'utf8')}\nexport default sha256\n`
    },
  }
}

/** index.html without its comments (notes for whoever edits it): every byte of the page is on the card's first path. */
function stripHtmlComments(): Plugin {
  return {
    name: 'tsunagu:strip-html-comments',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: (html) => html.replace(/\s*<!--[\s\S]*?-->/g, '') },
  }
}

/**
 * Names LIFF's files (the chunk of `src/session/id-token-provider.ts`, a dynamic import of the entry, and the chunks it
 * imports) in
 * `<meta name="tsunagu:liff">` at the top of index.html. The page's launch script preloads them when the page was not
 * opened by LINE with credentials (LIFF must start before the session); opened by LINE, they load after the card.
 */
function preloadLiff(): Plugin {
  return {
    name: 'tsunagu:preload-liff',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return []
        const chunks = Object.values(bundle as Rolldown.OutputBundle).filter(
          (f): f is Rolldown.OutputChunk => f.type === 'chunk',
        )
        const liff = chunks.find((c) =>
          c.moduleIds.some((m) => m.endsWith('/liff-app/src/session/id-token-provider.ts')),
        )
        if (!liff) throw new Error('preloadLiff: no id-token-provider chunk in the bundle')
        const files = chunkClosure(chunks, liff, chunkClosure(chunks, entry as Rolldown.OutputChunk))
        const content = [...files].map((f) => `/${f}`).join(' ')
        return [{ tag: 'meta', attrs: { name: 'tsunagu:liff', content }, injectTo: 'head-prepend' as const }]
      },
    },
  }
}

/** `start` and every chunk it imports statically, leaving out those in `except` (and what only they import). */
function chunkClosure(
  chunks: Rolldown.OutputChunk[],
  start: Rolldown.OutputChunk,
  except = new Set<string>(),
): Set<string> {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]))
  const into = new Set<string>()
  const visit = (chunk: Rolldown.OutputChunk) => {
    if (into.has(chunk.fileName) || except.has(chunk.fileName)) return
    into.add(chunk.fileName)
    for (const dep of chunk.imports) visit(byFile.get(dep)!)
  }
  visit(start)
  return into
}

/**
 * Marks the entry (Vue, the shared state and the card) with V8's per-file compile hint: Chromium compiles all its
 * functions as the file loads instead of lazily on the main thread the first time each runs, much of which is
 * between the file's arrival and the QR. LIFF is not in it (its own chunk, loaded after the card inside LINE).
 */
function compileHints(): Plugin {
  return {
    name: 'tsunagu:compile-hints',
    apply: 'build',
    generateBundle: {
      // After Vite's own generateBundle, which puts its preload dependency map at the top of a chunk.
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type === 'chunk' && file.isEntry) file.code = `//# allFunctionsCalledOnLoad\n${file.code}`
        }
      },
    },
  }
}

export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('./liff-app', import.meta.url)),
  base: '/',
  plugins: [vue(), tinySha256Esm(), precompress(), assetHeaders(), preloadLiff(), stripHtmlComments(), compileHints()],
  define: {
    // Compile-time switch: false in the `line` build, so the liff-mock plugin and persona picker are never emitted.
    __SANDBOX__: JSON.stringify(mode !== 'line'),
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/liff', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // The preload links are hints: LINE's in-app browsers (Chrome WebView, iOS 17+ WebKit) support modulepreload, and
    // an older one only loads LIFF a little later. The polyfill would sit in the card's entry.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': backend,
      '/sandbox': backend,
      '/webhook': backend,
    },
  },
}))
