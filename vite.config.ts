// Builds the LIFF front end (liff-app/ → dist/liff); `--mode line` drops all LINE-sandbox code for real channels.
import { writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'
import type { OutputBundle, OutputChunk } from 'rolldown'

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
 * Lists the card's Vue half (`src/app-shell.ts`, a dynamic import of the entry, and its static imports and CSS) in
 * index.html as `modulepreload` / stylesheet links, so it downloads alongside the entry instead of after it has run.
 * The entry stays free of Vue so it can start LIFF and the session request first (liff-app/src/main.ts).
 */
function preloadCardShell(): Plugin {
  return {
    name: 'tsunagu:preload-card-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk: entry }) {
        if (!bundle || !entry) return []
        const chunks = Object.values(bundle as OutputBundle).filter((f): f is OutputChunk => f.type === 'chunk')
        const shell = chunks.find((c) => c.facadeModuleId?.endsWith('/liff-app/src/app-shell.ts'))
        if (!shell) throw new Error('preloadCardShell: no app-shell chunk in the bundle')
        const byFile = new Map(chunks.map((c) => [c.fileName, c]))
        const closure = (start: OutputChunk, into: Set<string>) => {
          if (into.has(start.fileName)) return into
          into.add(start.fileName)
          for (const dep of start.imports) closure(byFile.get(dep)!, into)
          return into
        }
        const already = closure(entry as OutputChunk, new Set())
        const js = [...closure(shell, new Set())].filter((f) => !already.has(f))
        const css = js.flatMap((f) => [...(byFile.get(f)!.viteMetadata?.importedCss ?? [])])
        return [
          ...js.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` } })),
          ...css.map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${f}` } })),
        ].map((tag) => ({ ...tag, injectTo: 'head' as const }))
      },
    },
  }
}

export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('./liff-app', import.meta.url)),
  base: '/',
  plugins: [vue(), precompress(), preloadCardShell()],
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
  },
  server: {
    proxy: {
      '/api': backend,
      '/sandbox': backend,
      '/webhook': backend,
    },
  },
}))
