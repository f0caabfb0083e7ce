// Values a wire decoder hands to validation when the bytes said something no plain JS value can hold.

/** A msgpack str whose bytes are not valid UTF-8: kept, so validation can name the field. */
export class InvalidUtf8 {
  readonly bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
}

/** A msgpack extension value: its type and payload. */
export class WireExt {
  readonly type: number
  readonly data: Uint8Array
  constructor(type: number, data: Uint8Array) {
    this.type = type
    this.data = data
  }
}

/** A value nested deeper than any event field needs: skipped, not built. */
export class TooDeep {}

/** A time the wire carried but its format decoder could not read; `detail` says why. */
export class BadTime {
  readonly detail: string
  constructor(detail: string) {
    this.detail = detail
  }
}

/** What a value is, in words for a refusal: 'a number', 'an array', 'not valid UTF-8'. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (v instanceof Map) return 'a map'
  if (v instanceof Uint8Array) return 'binary data'
  if (v instanceof InvalidUtf8) return 'not valid UTF-8'
  if (v instanceof WireExt) return `an extension value of type ${v.type}`
  if (v instanceof TooDeep) return 'a value nested too deeply'
  if (v instanceof BadTime) return 'not a readable time'
  switch (typeof v) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'bigint':
      return 'an integer'
    case 'boolean':
      return 'a boolean'
    default:
      return 'an object'
  }
}
