// The Node server the checkout benches (checkout-earn, pos-earn) load: the sandbox on, the given database copy, no
// LIFF app, no seed, no jobs, access lines built but not printed among the results.
import { startNodeServer } from '../../server/node-server'

export const startEarnServer = (databaseUrl: string) =>
  startNodeServer({
    env: { LINE_SANDBOX: 'on', PORT: '0', DATABASE_URL: databaseUrl },
    hostname: '127.0.0.1',
    serveApp: false,
    seed: false,
    jobIntervalMs: 0,
    log: () => {},
  })
