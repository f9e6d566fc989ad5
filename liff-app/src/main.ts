// Entry: Vue, the card and start-up, in one file (the first paint's only script), without LIFF. Reads the public
// config, gets the session (POST /api/session, which answers the card too), starts LIFF and mounts the page.
// Opened by LINE (launch credentials in the URL), index.html has already asked for the session: the card mounts from
// its answer, and LIFF (its own chunk) loads only after that, so its bytes do not share the slow link with the card's.
// Otherwise LIFF, preloaded by index.html's launch script, starts at once and gets the ID token for the session.

import { fetchConfig, type AppConfig } from './api/config'
import { mountApp, showFatal } from './app-shell'
import { applyLineLanguage } from './i18n/useI18n'
import type { IdTokenProvider } from './session/id-token-provider'
import {
  confirmLaunchUser,
  launchSessionAnswer,
  takeLaunchSession,
  withoutLaunchCredentials,
  type LaunchSession,
} from './session/launch-session'
import { sessionCore } from './session/session-core'

/** LIFF started, with where its ID tokens come from; null when the browser is on its way to LINE Login. */
async function startLiff(config: AppConfig, launch: LaunchSession | null): Promise<IdTokenProvider | null> {
  const provider = await startLiffProvider(config, launch)
  if (provider) applyLineLanguage(provider.language?.())
  return provider
}

async function startLiffProvider(config: AppConfig, launch: LaunchSession | null): Promise<IdTokenProvider | null> {
  if (__SANDBOX__ && config.sandbox) {
    const { startSandboxLiff } = await import('./sandbox/start')
    return startSandboxLiff(config.liffId, config.shopName, launch?.idToken ?? null)
  }
  const { lineIdTokens, startLineLiff } = await import('./session/id-token-provider')
  if (!(await startLineLiff(config.liffId))) return null // on the way to LINE Login; it will bring us back here
  return lineIdTokens()
}

async function boot(): Promise<void> {
  const launch = takeLaunchSession()
  const config = await fetchConfig()
  let started: Promise<IdTokenProvider | null> | undefined
  const liffStarted = () => (started ??= startLiff(config, launch))
  // Going to LINE Login: nothing will need the session before the page is gone.
  sessionCore.configure(async () => (await liffStarted()) ?? new Promise<never>(() => {}))
  if (launch) sessionCore.adopt(launchSessionAnswer(launch))
  // Ask for the session now (without a launch, this starts LIFF); if it fails, the page's own call asks once more and
  // shows the error.
  sessionCore.sessionToken().catch(() => undefined)
  if (!launch && !(await liffStarted())) return
  // The card needs only the session; pages that call LIFF are mounted once it has started.
  await mountApp(config, liffStarted)
  const idTokens = await liffStarted()
  if (launch && idTokens && !(await confirmLaunchUser(idTokens, sessionCore))) {
    history.replaceState(history.state, '', withoutLaunchCredentials(location.href)) // start again without the launch
    location.reload()
  }
}

boot().catch((err: unknown) => {
  console.error('Tsunagu failed to start', err)
  showFatal(err)
})
