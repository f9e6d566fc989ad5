// Who the sandbox is logged in as; shared by the sandbox start-up and the sandbox strip (both sandbox-only chunks).

import { shallowRef } from 'vue'

export interface SandboxIdentity {
  key: string
  displayName: string
}

export const sandboxIdentity = shallowRef<SandboxIdentity | null>(null)
