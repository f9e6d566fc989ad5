// The one fetch wrapper for the Tsunagu JSON API (customer, staff and admin): JSON in/out, `{ error: { code, message } }` turned into ApiError.
// Errors are told apart with instanceof (no `name` set: the card's first-paint bytes are at their budget).

/** An error answered by the server (any non-2xx), carrying its status and machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details`, e.g. `retryAfterSeconds` of a 429. */
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** The request never got an answer (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network request failed', { cause })
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON; a Blob (the console's CSV uploads) is sent as it is, with its type. */
  body?: unknown
  /** Reads a successful answer otherwise than as JSON (the console's CSV downloads). */
  read?: (res: Response) => Promise<JsonAnswer>
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
  const blob = options.body instanceof Blob
  if (options.body !== undefined) headers['content-type'] = blob ? (options.body as Blob).type : 'application/json'
  if (options.token) headers.authorization = `Bearer ${options.token}`
  const response = fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: blob ? (options.body as Blob) : options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    cache: options.preloaded ? 'default' : 'no-store',
  })
  return answerData<T>(response.then(options.read ?? readAnswer))
}

/** A response read to its end (index.html's launch script makes the same shape for its own request). */
export interface JsonAnswer {
  ok: boolean
  status: number
  statusText: string
  /** The JSON body; null when there is none or it is not JSON. */
  body: unknown
}

export async function readAnswer(res: Response): Promise<JsonAnswer> {
  const body: unknown = await res.json().catch(() => null)
  return { ok: res.ok, status: res.status, statusText: res.statusText, body }
}

/** The data of an answer on its way: ApiError for an error answer, NetworkError when none came. */
export async function answerData<T>(pending: Promise<JsonAnswer>): Promise<T> {
  let answer: JsonAnswer
  try {
    answer = await pending
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new NetworkError(err)
  }
  if (!answer.ok) {
    const error = (answer.body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
    throw new ApiError(
      answer.status,
      typeof error?.code === 'string' ? error.code : `http_${answer.status}`,
      typeof error?.message === 'string' ? error.message : answer.statusText,
      error?.details,
    )
  }
  return answer.body as T
}
