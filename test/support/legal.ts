// Drives the legal-pages console API as an admin would: load a policy, save its draft, publish it.
import type { LegalContent } from '../../server/domain/legal-document'
import type { TestApp } from './test-app'

export interface LegalView {
  current: { version: number; publishedAt: string; requiresReconsent: boolean; externalUrl: string | null } | null
  draft: { revision: number; content: LegalContent | null; externalUrl: string | null; missing: string[] } | null
  versions: { version: number; requiresReconsent: boolean }[]
  template: LegalContent
}

export async function adminRequest(t: TestApp, method: string, path: string, body?: unknown) {
  const token = await t.signIn('admin')
  return t.app.request(`/api/admin/legal${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** Saves a draft of `kind` (the default template unless given) and publishes it; the clock moves a second on. */
export async function publishPolicy(
  t: TestApp,
  kind: 'terms' | 'privacy',
  options: { content?: LegalContent; externalUrl?: string; requiresReconsent?: boolean } = {},
): Promise<LegalView> {
  const view = (await (await adminRequest(t, 'GET', `/${kind}`)).json()) as LegalView
  const saved = await adminRequest(t, 'PUT', `/${kind}/draft`, {
    revision: view.draft?.revision ?? null,
    content: options.externalUrl ? null : (options.content ?? view.template),
    externalUrl: options.externalUrl ?? null,
  })
  if (saved.status !== 200) throw new Error(`save failed: ${saved.status} ${await saved.text()}`)
  const { draft } = (await saved.json()) as LegalView
  const res = await adminRequest(t, 'POST', `/${kind}/publish`, {
    revision: draft!.revision,
    requiresReconsent: options.requiresReconsent ?? false,
  })
  if (res.status !== 200) throw new Error(`publish failed: ${res.status} ${await res.text()}`)
  t.clock.advance(1000)
  return (await res.json()) as LegalView
}
