// Sandbox-only UI strings (messages.json), kept out of the main catalogue so `--mode line` builds do not carry them.

import type { PairTable } from '../i18n/translate'
import data from './messages.json'

export const sandboxMessages = data as unknown as PairTable<typeof data>
