// A setup step LINE (or Cloudflare) refused: one sentence saying what, and what to do; the setup stops there.
import { HTTPFetchError } from '@line/bot-sdk'

export class SetupError extends Error {
  override name = 'SetupError'
}

/** Runs one call to LINE; a refusal becomes a SetupError naming `what` and LINE's own words. */
export async function askLine<T>(what: string, call: () => Promise<T>, hint = ''): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!(err instanceof HTTPFetchError)) throw err
    const said = lineMessage(err.body)
    throw new SetupError(`LINE refused to ${what}: ${err.status}${said ? ` ${said}` : ''}${hint ? `. ${hint}` : ''}`)
  }
}

function lineMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string; error_description?: string; error?: string }
    return parsed.message ?? parsed.error_description ?? parsed.error ?? ''
  } catch {
    return body.slice(0, 200)
  }
}
