// Requests and responses whose body is already a string: `text()`, `json()` and `arrayBuffer()` hand it over without
// building a body stream. The sandbox thread's transport carries bodies as strings both ways, and a web stream per
// message is most of what a plain Request or Response costs: the transport's cost, not the sender's under test.

// TypeScript's mixin pattern: the base class's constructor is taken as `new (...args: any[])`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type BodyClass = new (...args: any[]) => Body

/** `Base` (Request or Response) with its body read from the string given to `setBodyText`. */
export function withStringBody<C extends BodyClass>(Base: C) {
  return class StringBody extends Base {
    #text = ''
    setBodyText(text: string): this {
      this.#text = text
      return this
    }
    override text(): Promise<string> {
      return Promise.resolve(this.#text)
    }
    override json(): Promise<unknown> {
      return Promise.resolve(this.#text).then((text) => JSON.parse(text) as unknown)
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return Promise.resolve(new TextEncoder().encode(this.#text).buffer as ArrayBuffer)
    }
  }
}
