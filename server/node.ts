// `npm start`: runs Tsunagu on Node until interrupted.
import { DatabaseUnavailableError } from '../db/connect'
import { ConfigError } from './config'
import { startNodeServer } from './node-server'

try {
  const server = await startNodeServer()
  const mode = server.config.sandbox ? 'LINE sandbox (no LINE credentials set)' : 'real LINE channels'
  console.log(`Tsunagu is running at ${server.url}  [${mode}]`)
  const { address, port } = server.address
  console.log(`  listening on:   ${address.includes(':') ? `[${address}]` : address}:${port}`)
  if (server.config.sandboxExposed) {
    console.warn(
      `WARNING: the LINE sandbox is reachable from the network (HOST=${server.config.host}). Its secrets are public:\n` +
        '  anyone who can reach this address can mint admin ID tokens, forge sessions and read every message.\n' +
        '  Unset HOST (or set HOST=127.0.0.1) unless this machine is on a network you trust.',
    )
  }
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
