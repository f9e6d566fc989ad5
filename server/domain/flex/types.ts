// The loose shape the Flex renderer reads: requests were validated by the sandbox (or are the admin's draft), but the
// page must not trust them.

export type FlexNode = Record<string, unknown> & { type?: string; contents?: unknown }

/** How a rendered button or tappable area is wired on the inbox page; `null`: a preview, where nothing is tappable. */
export interface ActionTarget {
  userId: string
  /** The persona this user is, so links into the LIFF app open it as them (`?persona=`). */
  personaKey?: string
  /** The LIFF app's origin (the server's public URL): only its links get the persona. */
  appOrigin?: string
}
