// The one place that knows where the LIFF app opens: https://liff.line.me/{LIFF_ID}{path} with real LINE (inside LINE,
// logged in), the server itself in the sandbox. Card links in messages, receipts, rich-menu cells and staff invites
// all come from here.
import type { Config } from './config'

export type LiffUrlConfig = Pick<Config, 'sandbox' | 'publicUrl'> & { line: Pick<Config['line'], 'liffId'> }

/** The URL that opens `path` (`/staff/join?code=…`) of the LIFF app; without a path, the card. */
export function liffUrl(config: LiffUrlConfig, path?: string): string {
  if (config.sandbox) return `${config.publicUrl}${path ?? '/'}`
  return `https://liff.line.me/${config.line.liffId}${path ?? ''}`
}
