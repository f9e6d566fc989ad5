// vitest globalSetup of the browser project: builds the LIFF app once so the Node server can serve it, and starts the
// one Chromium every browser test file connects to (startBrowserApp), instead of a launch per file.
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { launchChromiumServer } from '../../server/rehearse/chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's endpoint (playwright's `connect`); each test file opens its own contexts in it. */
    chromiumEndpoint: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [chromium] = await Promise.all([
    launchChromiumServer(),
    build({ configFile: 'vite.config.ts', logLevel: 'warn' }),
  ])
  project.provide('chromiumEndpoint', chromium.wsEndpoint())
  return () => chromium.close()
}
