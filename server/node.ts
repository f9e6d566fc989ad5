// `npm start`: runs Tsunagu on Node until interrupted.
import { DatabaseUnavailableError } from '../db/connect'
import { ConfigError } from './config'
import { startNodeServer } from './node-server'

try {
  const server = await startNodeServer()
  const mode = server.config.sandbox ? 'LINE sandbox (no LINE credentials set)' : 'real LINE channels'
  console.log(`Tsunagu is running at ${server.url}  [${mode}]`)
  if (server.config.sandbox) {
    console.log(`  member card:    ${server.url}/`)
    console.log(`  sandbox inbox:  ${server.url}/sandbox/inbox`)
  }
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}
