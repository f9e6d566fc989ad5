// vitest globalSetup of the browser project: builds the LIFF app once so the Node server can serve it.
import { build } from 'vite'

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' })
}
