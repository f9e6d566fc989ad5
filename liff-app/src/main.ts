// Entry, kept free of Vue: read the public config, start LIFF (real LINE, or the lazily loaded sandbox) and send
// POST /api/session (which answers the card too) at once, while Vue and the card — preloaded by index.html, see
// vite.config.ts `preloadCardShell` — are still arriving; then app-shell.ts mounts the page.

import { fetchConfig } from './api/config'
import { lineIdTokens, startLineLiff, type IdTokenProvider } from './session/id-token-provider'
import { sessionCore } from './session/session-core'

// Imported now (index.html already preloads its files): Vue and the card's code run as soon as they are here, while
// LIFF starts and the session request is out, so the card can render the moment the session answers.
// The two functions are taken out here rather than kept as the module namespace: a namespace object for a dynamic
// import is built with the bundler's runtime helper, which would be one more file on the card's first paint.
const shellLoad = import('./app-shell').then(({ mountApp, showFatal }) => ({ mountApp, showFatal }))
shellLoad.catch(() => undefined) // reported by boot() or its catch below
const shell = () => shellLoad

async function boot(): Promise<void> {
  const config = await fetchConfig()

  let idTokens: IdTokenProvider
  if (__SANDBOX__ && config.sandbox) {
    const { startSandboxLiff } = await import('./sandbox/start')
    idTokens = await startSandboxLiff(config.liffId, config.shopName)
  } else {
    if (!(await startLineLiff(config.liffId))) return // on the way to LINE Login; it will bring us back here
    idTokens = lineIdTokens()
  }

  sessionCore.configure(idTokens)
  // Ask for the session now, not after Vue has loaded; if it fails, the page's own call asks once more and shows
  // the error.
  sessionCore.sessionToken().catch(() => undefined)
  const { mountApp } = await shell()
  await mountApp(config)
}

boot().catch(async (err: unknown) => {
  console.error('Tsunagu failed to start', err)
  try {
    const { showFatal } = await shell()
    showFatal(err)
  } catch {
    // Not even the app's code could be loaded: say so without it.
    document.querySelector('#app')!.textContent =
      '読み込めませんでした。再読み込みしてください / Could not load; please reload'
  }
})
