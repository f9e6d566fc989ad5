// Builds the LIFF front end (liff-app/ → dist/liff); `--mode line` drops all LINE-sandbox code for real channels.
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const backend = 'http://localhost:8787'

export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('./liff-app', import.meta.url)),
  base: '/',
  plugins: [vue()],
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
