// Turns any failure (API, network, LIFF SDK) into a plain message in Japanese and English, by its stable code (never
// the server's English `message`); the page shows the one of its language.

import { ApiError, NetworkError } from '../api/http'

export interface ErrorDescription {
  ja: string
  en: string
  /** What the screen should offer: try again in place, or close and reopen the app from LINE. */
  action: 'retry' | 'reopen'
  code: string
}

type Text = readonly [ja: string, en: string, action: ErrorDescription['action']]

const LIFF_ERRORS: Record<string, Text> = {
  INIT_FAILED: ['LINEとの接続を開始できませんでした。', 'Could not start the connection with LINE.', 'reopen'],
  INVALID_CONFIG: [
    'アプリの設定に誤りがあります。お店にお問い合わせください。',
    'The app is misconfigured. Please contact the shop.',
    'reopen',
  ],
  UNAUTHORIZED: ['LINEへのログインが必要です。', 'You need to log in to LINE.', 'reopen'],
  FORBIDDEN: ['この操作はLINEで許可されていません。', 'LINE did not allow this action.', 'reopen'],
  INVALID_ID_TOKEN: ['LINEのログイン情報が無効です。', 'Your LINE login is no longer valid.', 'reopen'],
  TIMEOUT: ['LINEの応答がありませんでした。', 'LINE did not respond in time.', 'retry'],
  RATE_LIMIT_EXCEEDED: [
    'アクセスが集中しています。少し待ってからお試しください。',
    'Too many requests. Please wait a moment.',
    'retry',
  ],
  INVALID_ARGUMENT: ['LINEとの連携で問題が発生しました。', 'Something went wrong talking to LINE.', 'reopen'],
  UNKNOWN: ['LINEとの連携で問題が発生しました。', 'Something went wrong talking to LINE.', 'retry'],
}

const API_ERRORS: Record<string, Text> = {
  id_token_expired: [
    'ログインの有効期限が切れました。アプリを開き直してください。',
    'Your login has expired. Please reopen the app.',
    'reopen',
  ],
  session_expired: ['しばらく操作がなかったため、接続が切れました。', 'Your session timed out.', 'retry'],
  unauthorized: ['ログイン状態を確認できませんでした。', 'We could not confirm your login.', 'retry'],
  relogin_blocked: [
    'LINEへの再ログインがうまくいきませんでした。LINEアプリを閉じて、もう一度開いてください。',
    'Logging in to LINE again did not work. Please close LINE and open the app again.',
    'reopen',
  ],
  too_many_requests: [
    'アクセスが集中しています。少し待ってからお試しください。',
    'Too many requests. Please wait a moment.',
    'retry',
  ],
  rate_limited: [
    'アクセスが集中しています。1分ほど待ってからお試しください。',
    'Too many requests. Please wait a minute and try again.',
    'retry',
  ],
}

const ID_TOKEN_REJECTED: Text = [
  'LINEのログイン情報を確認できませんでした。アプリを開き直してください。',
  'We could not verify your LINE login. Please reopen the app.',
  'reopen',
]
const OFFLINE: Text = [
  'インターネットに接続できません。電波の良い場所でお試しください。',
  'You appear to be offline. Please check your connection.',
  'retry',
]
const SERVER: Text = [
  'サーバーで問題が発生しました。時間をおいてお試しください。',
  'Something went wrong on our side. Please try again later.',
  'retry',
]
const FALLBACK: Text = [
  '問題が発生しました。もう一度お試しください。',
  'Something went wrong. Please try again.',
  'retry',
]

const describe = (text: Text, code: string): ErrorDescription => ({ ja: text[0], en: text[1], action: text[2], code })
/** A code with no text of its own: the generic sentence, with the code so the shop can tell what happened. */
const generic = (text: Text, code: string): ErrorDescription =>
  describe([`${text[0]}（${code}）`, `${text[1]} (${code})`, text[2]], code)

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
  if (isLiffError(err)) return describe(LIFF_ERRORS[err.code] ?? FALLBACK, err.code)
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'relogin_blocked') return describe(API_ERRORS.relogin_blocked ?? FALLBACK, code)
  return describe(FALLBACK, 'unknown')
}
