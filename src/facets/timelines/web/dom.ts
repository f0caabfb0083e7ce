// The part of the browser's DOM the pages' script uses, typed here: the project's tsconfig has no DOM
// library (it would retype fetch bodies for the server code), so the script names what it touches.

export interface Box {
  left: number
  top: number
  right: number
  bottom: number
  width: number
  height: number
}

export interface Evt {
  readonly target: El | null
  readonly defaultPrevented: boolean
  preventDefault(): void
  stopPropagation(): void
}

export interface PointerEvt extends Evt {
  readonly clientX: number
  readonly clientY: number
  readonly button: number
  readonly pointerId: number
  readonly shiftKey: boolean
}

export interface WheelEvt extends PointerEvt {
  readonly deltaX: number
  readonly deltaY: number
  readonly ctrlKey: boolean
  readonly metaKey: boolean
}

export interface KeyEvt extends Evt {
  readonly key: string
  readonly shiftKey: boolean
  readonly ctrlKey: boolean
  readonly metaKey: boolean
  readonly altKey: boolean
}

export interface FocusEvt extends Evt {
  readonly relatedTarget: El | null
}

export interface MessageEvt {
  readonly data: string
}

interface EventMap {
  click: PointerEvt
  pointerdown: PointerEvt
  pointermove: PointerEvt
  pointerup: PointerEvt
  pointerleave: PointerEvt
  pointercancel: PointerEvt
  wheel: WheelEvt
  keydown: KeyEvt
  focusin: FocusEvt
  focusout: FocusEvt
  input: Evt
  change: Evt
  submit: Evt
  resize: Evt
  scroll: Evt
  visibilitychange: Evt
}

interface Listening {
  addEventListener<K extends keyof EventMap>(
    type: K,
    listener: (event: EventMap[K]) => void,
    options?: { passive?: boolean },
  ): void
}

export interface El extends Listening {
  id: string
  textContent: string | null
  /** Of an <input>: its text, and whether a checkbox is ticked. */
  value?: string
  checked?: boolean
  innerHTML: string
  hidden: boolean
  readonly classList: {
    add(...tokens: string[]): void
    remove(...tokens: string[]): void
    toggle(token: string, force?: boolean): boolean
    contains(token: string): boolean
  }
  readonly parentElement: El | null
  readonly style: {
    left: string
    top: string
    cursor: string
    width: string
    minWidth: string
    marginTop: string
    overflowY: string
  }
  getAttribute(name: string): string | null
  setAttribute(name: string, value: string): void
  removeAttribute(name: string): void
  hasAttribute(name: string): boolean
  querySelector(selector: string): El | null
  querySelectorAll(selector: string): ArrayLike<El>
  closest(selector: string): El | null
  append(...nodes: (El | string)[]): void
  replaceChildren(...nodes: (El | string)[]): void
  remove(): void
  focus(options?: { preventScroll?: boolean }): void
  getBoundingClientRect(): Box
  setPointerCapture(id: number): void
}

export interface Doc extends Listening {
  readonly body: El
  readonly documentElement: El
  getElementById(id: string): El | null
  querySelector(selector: string): El | null
  querySelectorAll(selector: string): ArrayLike<El>
  createElement(tag: string): El
  createElementNS(ns: string, tag: string): El
  readonly activeElement: El | null
  readonly hidden: boolean
}

/** Tells when observed elements change size, after the browser's layout (reading geometry then is free). */
export interface SizeWatch {
  observe(el: El): void
  disconnect(): void
}

export interface EventSrc {
  addEventListener(type: string, listener: (event: MessageEvt) => void): void
  close(): void
}

export interface Win extends Listening {
  readonly location: { readonly href: string; reload(): void }
  readonly scrollX: number
  readonly scrollY: number
  readonly innerWidth: number
  readonly innerHeight: number
  scrollTo(x: number, y: number): void
}

interface Browser {
  document: Doc
  window: Win
  EventSource: new (url: string) => EventSrc
  ResizeObserver: new (callback: () => void) => SizeWatch
}

const browser = globalThis as unknown as Browser

export const doc = (): Doc => browser.document
export const win = (): Win => browser.window
export const openEvents = (url: string): EventSrc => new browser.EventSource(url)
export const watchSize = (callback: () => void): SizeWatch => new browser.ResizeObserver(callback)

const SVG = 'http://www.w3.org/2000/svg'

/** An SVG element with attributes. */
export function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): El {
  const el = doc().createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  if (text !== undefined) el.textContent = text
  return el
}

/** Sets (null: removes) an attribute unless it has that value: an SVG element is laid out again even so. */
export function setAttr(el: El, name: string, value: string | number | null): void {
  const text = value === null ? null : String(value)
  if (el.getAttribute(name) === text) return
  if (text === null) el.removeAttribute(name)
  else el.setAttribute(name, text)
}

/** Every match, as an array. */
export function all(root: El | Doc, selector: string): El[] {
  return Array.from(root.querySelectorAll(selector))
}

/** A number attribute, or `fallback` when absent or not a number. */
export function num(el: El, name: string, fallback = 0): number {
  const raw = el.getAttribute(name)
  const n = raw === null ? Number.NaN : Number(raw)
  return Number.isFinite(n) ? n : fallback
}
