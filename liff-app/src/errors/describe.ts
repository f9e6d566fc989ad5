// Turns any failure (API, network, LIFF SDK) into a plain message in Japanese and English, by its stable code (never
// the server's English `message`); the page shows the one of its language. The English texts (describe-en.ts) load
// with the card's English strings, so a Japanese first paint does not carry them.

import { ApiError, NetworkError } from '../api/http'

export interface ErrorDescription {
  ja: string
  en: string
  /** What the screen should offer: try again in place, or close and reopen the app from LINE. */
  action: 'retry' | 'reopen'
  code: string
}

/** Japanese, the action, and the id of its English text in describe-en.ts (the table key when left out). */
type Text = readonly [ja: string, action: ErrorDescription['action'], id?: string]

let english: Record<string, string> = {}
/** The English texts, once loaded (app-shell.ts); until then English pages show the Japanese one. */
export function addErrorTextsEn(texts: Record<string, string>): void {
  english = texts
}

const LIFF_ERRORS: Record<string, Text> = {
  INIT_FAILED: ['LINEとの接続を開始できませんでした。', 'reopen'],
  INVALID_CONFIG: ['アプリの設定に誤りがあります。お店にお問い合わせください。', 'reopen'],
  UNAUTHORIZED: ['LINEへのログインが必要です。', 'reopen'],
  FORBIDDEN: ['この操作はLINEで許可されていません。', 'reopen'],
  INVALID_ID_TOKEN: ['LINEのログイン情報が無効です。', 'reopen'],
  TIMEOUT: ['LINEの応答がありませんでした。', 'retry'],
  RATE_LIMIT_EXCEEDED: ['アクセスが集中しています。少し待ってからお試しください。', 'retry'],
  INVALID_ARGUMENT: ['LINEとの連携で問題が発生しました。', 'reopen'],
  UNKNOWN: ['LINEとの連携で問題が発生しました。', 'retry'],
}

const API_ERRORS: Record<string, Text> = {
  id_token_expired: ['ログインの有効期限が切れました。アプリを開き直してください。', 'reopen'],
  session_expired: ['しばらく操作がなかったため、接続が切れました。', 'retry'],
  unauthorized: ['ログイン状態を確認できませんでした。', 'retry'],
  relogin_blocked: [
    'LINEへの再ログインがうまくいきませんでした。LINEアプリを閉じて、もう一度開いてください。',
    'reopen',
  ],
  too_many_requests: ['アクセスが集中しています。少し待ってからお試しください。', 'retry'],
  rate_limited: ['アクセスが集中しています。1分ほど待ってからお試しください。', 'retry'],
}

const ID_TOKEN_REJECTED: Text = [
  'LINEのログイン情報を確認できませんでした。アプリを開き直してください。',
  'reopen',
  'id_token_rejected',
]
const OFFLINE: Text = ['インターネットに接続できません。電波の良い場所でお試しください。', 'retry', 'offline']
const SERVER: Text = ['サーバーで問題が発生しました。時間をおいてお試しください。', 'retry', 'server']
const FALLBACK: Text = ['問題が発生しました。もう一度お試しください。', 'retry', 'fallback']

const describe = (text: Text, code: string, suffix = ['', '']): ErrorDescription => ({
  ja: text[0] + suffix[0],
  en: (english[text[2] ?? code] ?? text[0]) + suffix[1],
  action: text[1],
  code,
})
/** A code with no text of its own: the generic sentence, with the code so the shop can tell what happened. */
const generic = (text: Text, code: string) => describe(text, code, [`（${code}）`, ` (${code})`])

/** A LiffError from the SDK: an Error whose `code` is one of LIFF's documented error codes. */
export function isLiffError(err: unknown): err is Error & { code: string } {
  if (!(err instanceof Error) || err instanceof ApiError) return false
  const code: unknown = (err as unknown as { code?: unknown }).code
  return typeof code === 'string' && code in LIFF_ERRORS
}

export function describeError(err: unknown): ErrorDescription {
  if (err instanceof NetworkError) return describe(OFFLINE, 'offline')
  if (err instanceof ApiError) {
    const known = API_ERRORS[err.code]
    if (known) return describe(known, err.code)
    if (err.code.startsWith('id_token_')) return describe(ID_TOKEN_REJECTED, err.code)
    if (err.status >= 500) return generic(SERVER, err.code)
    return generic(FALLBACK, err.code)
  }
  if (isLiffError(err)) return describe(LIFF_ERRORS[err.code]!, err.code)
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'relogin_blocked') return describe(API_ERRORS.relogin_blocked ?? FALLBACK, code)
  return describe(FALLBACK, 'unknown')
}
