// Entry: Vue, the card and start-up, in one file (the first paint's only script), without LIFF. Reads the public
// config, gets the session (POST /api/session, which answers the card too), starts LIFF and mounts the page.
// Opened by LINE (launch credentials in the URL), index.html has already asked for the session: the card mounts from
// its answer, and LIFF (its own chunk) loads only after that, so its bytes do not share the slow link with the card's.
// Otherwise LIFF, preloaded by index.html's launch script, starts at once and gets the ID token for the session.

import { fetchConfig, type AppConfig } from './api/config'
import { mountApp, showFatal } from './app-shell'
import type { IdTokenProvider } from './session/id-token-provider'
import { idTokenClaims, launchSessionAnswer, takeLaunchSession, type LaunchSession } from './session/launch-session'
import { sessionCore } from './session/session-core'

/** LIFF started, with where its ID tokens come from; null when the browser is on its way to LINE Login. */
async function startLiff(config: AppConfig, launch: LaunchSession | null): Promise<IdTokenProvider | null> {
  if (__SANDBOX__ && config.sandbox) {
    const { startSandboxLiff } = await import('./sandbox/start')
    return startSandboxLiff(config.liffId, config.shopName, launch?.idToken ?? null)
  }
  const { lineIdTokens, startLineLiff } = await import('./session/id-token-provider')
  if (!(await startLineLiff(config.liffId))) return null // on the way to LINE Login; it will bring us back here
  return lineIdTokens()
}

/**
 * LIFF may hold another ID token than the one in the launch URL (one kept from earlier in this tab). For the same
 * LINE user that changes nothing; for another one, start again without the launch, as that user.
 */
async function confirmLaunchUser(idTokens: IdTokenProvider): Promise<void> {
  const current = idTokens.current()
  // No session (the launch request failed): the page's own call asks again, with LIFF's ID token.
  const session = await sessionCore.sessionToken().catch(() => null)
  if (current === null || session === null) return
  if (idTokenClaims(current)?.sub !== sessionCore.lineUserId()) location.reload()
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
  if (launch && idTokens) await confirmLaunchUser(idTokens)
}

boot().catch((err: unknown) => {
  console.error('Tsunagu failed to start', err)
  showFatal(err)
})
