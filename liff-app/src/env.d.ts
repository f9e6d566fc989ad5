// Ambient types for the LIFF app: Vite client types, build-time constants, and `.vue` modules for plain tsc.
/// <reference types="vite/client" />

/** True in the default (sandbox-capable) build; false in `vite build --mode line`, where sandbox code is removed. */
declare const __SANDBOX__: boolean

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
