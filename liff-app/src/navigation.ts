// In-app navigation that works before vue-router is loaded: the card's first paint has no router, every other page
// runs under it (routed-app.ts). Components link with `AppLink`, which calls `navigate`.

export type Navigator = (to: string) => Promise<unknown>

let navigator: Navigator = (to) => {
  location.assign(to)
  return Promise.resolve()
}

/** Go to an app path (`/settings`, `/?welcome=1`): a router push once the router runs, else whatever main.ts set. */
export function navigate(to: string): Promise<unknown> {
  return navigator(to)
}

export function setNavigator(next: Navigator): void {
  navigator = next
}
