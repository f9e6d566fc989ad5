// Debian's Chromium driven by playwright-core, with the flags headless Chromium needs on this machine, and the user
// agent of LINE's in-app browser: how the rehearsal opens the app as LINE does (the browser tests and benches use it
// too; product code never imports test code).
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserServer } from 'playwright-core'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

function chromiumOptions(extraArgs: string[]) {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" (see .ci/run)`,
    )
  }
  return { executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] }
}

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch(chromiumOptions(extraArgs))
}

/** The same Chromium as a server that several processes connect to (`connectChromium`): the browser tests share one. */
export async function launchChromiumServer(extraArgs: string[] = []): Promise<BrowserServer> {
  return chromium.launchServer(chromiumOptions(extraArgs))
}

/** A connection to a `launchChromiumServer` browser; closing it closes its contexts and leaves the browser running. */
export async function connectChromium(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint)
}

/** The user agent of a LIFF app inside LINE (Android), as LIFF and index.html's launch script recognise it. */
export const LINE_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36 Line/15.4.1 LIFF'
