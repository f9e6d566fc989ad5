// Shared fetch wrapper for the Tsunagu JSON API: JSON in/out, `{ error: { code, message } }` turned into ApiError.

/** An error answered by the server (any non-2xx), carrying its status and machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The request never got an answer (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network request failed', { cause })
    this.name = 'NetworkError'
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST'
  body?: unknown
  token?: string
  signal?: AbortSignal
  /**
   * Made exactly like the `<link rel="preload" as="fetch">` of index.html (no extra headers, HTTP cache allowed),
   * so the browser hands over the preloaded response instead of fetching again.
   */
  preloaded?: boolean
}

export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = options.preloaded ? {} : { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token) headers.authorization = `Bearer ${options.token}`
  return readJson<T>(
    fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: options.preloaded ? 'default' : 'no-store',
    }),
  )
}

/** The JSON of a response on its way (also one started outside this module, see session/launch-session.ts). */
export async function readJson<T>(response: Promise<Response>): Promise<T> {
  let res: Response
  try {
    res = await response
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new NetworkError(err)
  }
  const data: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error
    throw new ApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `http_${res.status}`,
      typeof error?.message === 'string' ? error.message : res.statusText,
    )
  }
  return data as T
}
