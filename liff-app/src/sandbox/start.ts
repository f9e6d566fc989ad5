// Sandbox-only LIFF start-up (lazy chunk, absent from `--mode line` builds): liff-mock, persona choice, sandbox ID token,
// and the sandbox strip above the page.

import { LiffMockPlugin, type LiffMockApi } from '@line/liff-mock'
import { createApp } from 'vue'
import { fetchPersonas, issueSandboxIdToken, type SandboxPersona } from '../api/sandbox'
import { liff } from '../liff/client'
import type { IdTokenProvider } from '../session/id-token-provider'
import { idTokenClaims, withoutLaunchCredentials } from '../session/launch-session'
import PersonaPicker from './PersonaPicker.vue'
import SandboxBar from './SandboxBar.vue'
import { PERSONA_QUERY_PARAM, PERSONA_STORAGE_KEY, resolvePersona } from './persona-choice'

function pickPersona(personas: SandboxPersona[], shopName: string): Promise<SandboxPersona> {
  const target = document.querySelector('#app')
  if (!target) throw new Error('#app element missing')
  return new Promise((resolve) => {
    const picker = createApp(PersonaPicker, {
      personas,
      shopName,
      onChoose(persona: SandboxPersona) {
        picker.unmount()
        target.innerHTML = '<div class="boot" role="status"><span class="spinner"></span></div>'
        resolve(persona)
      },
    })
    target.innerHTML = ''
    picker.mount(target)
  })
}

/**
 * The strip saying who the mocked session is, in its own element above `#app`: it stays while the card, the routed
 * app or an error screen replace each other there. Mounted while the sandbox ID token is on its way, and with this
 * chunk, so it costs the card neither a request nor main-thread time after the session answer.
 */
function showSandboxBar(persona: { displayName: string; lineUserId: string }): void {
  const host = document.createElement('div')
  document.body.insertBefore(host, document.querySelector('#app'))
  createApp(SandboxBar, { displayName: persona.displayName, lineUserId: persona.lineUserId }).mount(host)
}

/**
 * The persona LINE's launch (the sandbox's `/sandbox/login/launch`, as LIFF URLs do inside LINE) put in the URL: its
 * ID token's user. The credentials then leave the visible URL, as LIFF's own start does with real ones.
 */
function launchedPersona(idToken: string): { lineUserId: string; displayName: string } | null {
  const claims = idTokenClaims(idToken)
  if (typeof claims?.sub !== 'string') return null
  history.replaceState(history.state, '', withoutLaunchCredentials(location.href))
  return { lineUserId: claims.sub, displayName: typeof claims.name === 'string' ? claims.name : claims.sub }
}

/** Start LIFF in mock mode as a sandbox persona; the returned provider fetches fresh sandbox ID tokens on demand. */
export async function startSandboxLiff(
  liffId: string,
  shopName: string,
  launchIdToken: string | null,
): Promise<IdTokenProvider> {
  // liff-mock is typed against the full SDK; on the pluggable core it installs the same way.
  liff.use(new LiffMockPlugin() as never)
  const mock = (liff as unknown as { $mock: LiffMockApi }).$mock

  const launched = launchIdToken ? launchedPersona(launchIdToken) : null
  const persona = launched ?? (await chosenPersona(shopName))

  function use(idToken: string): string {
    mock.set((prev) => ({
      ...prev,
      isInClient: true,
      isLoggedIn: true,
      getIDToken: idToken,
      getProfile: { userId: persona.lineUserId, displayName: persona.displayName },
      getLanguage: navigator.language,
    }))
    return idToken
  }
  const issue = async () => use((await issueSandboxIdToken(persona.lineUserId)).idToken)

  const firstToken = launched ? Promise.resolve(use(launchIdToken!)) : issue()
  showSandboxBar(persona) // while the ID token request is out
  await firstToken
  const mockConfig = { liffId, mock: true }
  await liff.init(mockConfig)
  return { current: () => liff.getIDToken(), renew: issue, language: () => navigator.language }
}

/** The persona asked for by `?persona=`, else the one remembered on this device, else the one picked now. */
async function chosenPersona(shopName: string): Promise<SandboxPersona> {
  const personas = await fetchPersonas()
  const query = new URLSearchParams(location.search).get(PERSONA_QUERY_PARAM)
  const persona =
    resolvePersona(personas, query, localStorage.getItem(PERSONA_STORAGE_KEY)) ??
    (await pickPersona(personas, shopName))
  localStorage.setItem(PERSONA_STORAGE_KEY, persona.key)
  return persona
}
