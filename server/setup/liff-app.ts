// Setup step: the shop's LIFF app on its LINE Login channel, created or brought to the wanted settings through LINE's
// LIFF server API, changing only what differs.
import { channelAccessToken, liff } from '@line/bot-sdk'
import { askLine, SetupError } from './setup-error'

/** What Tsunagu needs of its LIFF app. */
export interface WantedLiffApp {
  /** The app's endpoint: PUBLIC_URL. */
  endpointUrl: string
  /** Shown in LINE's consent screen; LINE refuses names containing "LINE". */
  description: string
}

export interface LiffAppResult {
  liffId: string
  /** What was done, in words; empty when the app already matched. */
  changes: string[]
}

/** The settings every Tsunagu LIFF app has: full view, ID token and profile, the add-friend prompt, the QR reader. */
export function liffAppSettings(wanted: WantedLiffApp): liff.AddLiffAppRequest {
  return {
    view: { type: 'full', url: wanted.endpointUrl },
    description: wanted.description,
    features: { qrCode: true },
    permanentLinkPattern: 'concat',
    scope: ['openid', 'profile'],
    botPrompt: 'aggressive',
  }
}

/** The names of the settings in which `app` differs from `wanted`. */
function differences(app: liff.LiffApp, wanted: liff.AddLiffAppRequest): string[] {
  const diff: string[] = []
  if (app.view?.type !== wanted.view.type) diff.push(`view type ${app.view?.type} → ${wanted.view.type}`)
  if (app.view?.url !== wanted.view.url) diff.push(`endpoint ${app.view?.url} → ${wanted.view.url}`)
  if (app.description !== wanted.description) diff.push(`name → ${wanted.description}`)
  if (!app.features?.qrCode) diff.push('QR code reader on')
  if (app.permanentLinkPattern !== wanted.permanentLinkPattern) diff.push('permanent link pattern concat')
  if ([...(app.scope ?? [])].sort().join(' ') !== [...wanted.scope!].sort().join(' '))
    diff.push(`scopes ${wanted.scope!.join(' ')}`)
  if (app.botPrompt !== wanted.botPrompt) diff.push(`add-friend prompt ${wanted.botPrompt}`)
  return diff
}

/** A 15-minute token of the LINE Login channel, which the LIFF server API takes. */
export async function loginChannelToken(baseURL: string, channelId: string, channelSecret: string): Promise<string> {
  const client = new channelAccessToken.ChannelAccessTokenClient({ baseURL })
  const issued = await askLine(
    'issue a token for the LINE Login channel',
    () => client.issueStatelessChannelTokenByClientSecret(channelId, channelSecret),
    'Check LINE_LOGIN_CHANNEL_ID and LINE_LOGIN_CHANNEL_SECRET (LINE Developers console → the LINE Login channel → Basic settings)',
  )
  return issued.access_token
}

/**
 * Finds the shop's LIFF app (by `liffId` when one is configured, else by its endpoint URL), creates it when there is
 * none, and updates only the settings that differ.
 */
export async function ensureLiffApp(
  client: liff.LiffClient,
  wanted: WantedLiffApp,
  liffId?: string,
): Promise<LiffAppResult> {
  const settings = liffAppSettings(wanted)
  const apps = await listLiffApps(client)
  const app = liffId ? apps.find((a) => a.liffId === liffId) : apps.find((a) => a.view?.url === wanted.endpointUrl)
  if (liffId && !app) {
    throw new SetupError(
      `LIFF_ID ${liffId} is not a LIFF app of this LINE Login channel. Remove LIFF_ID to create one, or set the id shown in the LINE Developers console (the channel's LIFF tab)`,
    )
  }
  if (!app) {
    const created = await askLine('create the LIFF app', () => client.addLIFFApp(settings))
    return { liffId: created.liffId, changes: [`created LIFF app ${created.liffId} for ${wanted.endpointUrl}`] }
  }
  const id = app.liffId!
  const diff = differences(app, settings)
  if (diff.length > 0) await askLine('update the LIFF app', () => client.updateLIFFApp(id, settings))
  return { liffId: id, changes: diff.map((d) => `LIFF app ${id}: ${d}`) }
}

/** The channel's LIFF apps; LINE answers 404 when there are none. */
export async function listLiffApps(client: liff.LiffClient): Promise<liff.LiffApp[]> {
  try {
    return (await client.getAllLIFFApps()).apps ?? []
  } catch (err) {
    if ((err as { status?: number }).status === 404) return []
    return askLine('list the LIFF apps', () => Promise.reject(err as Error))
  }
}
