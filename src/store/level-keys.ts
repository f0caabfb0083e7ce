// Keys of the LevelDB layout (see level.ts). Contexts and timeline ids never contain control
// characters, so '\x00' ends each part and '\x01' bounds a prefix range.

const sep = '\x00'
const end = '\x01'

/** A non-negative integer as 16 hex digits, so key order is number order. */
export function seqHex(seq: number): string {
  return seq.toString(16).padStart(16, '0')
}

/** A float64 as 16 hex digits whose string order is numeric order (negatives included). */
export function sortableFloat(n: number): string {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, n)
  let hi = view.getUint32(0)
  let lo = view.getUint32(4)
  if (hi & 0x80000000) {
    hi = ~hi >>> 0
    lo = ~lo >>> 0
  } else {
    hi = (hi | 0x80000000) >>> 0
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** Where a timeline sorts among its context's: by created time, then creation order. */
export function timelineOrder(created: number, seq: number): string {
  return sortableFloat(created) + sep + seqHex(seq)
}

export const seqKey = 's'
export const probeKey = 'h'

export const messageKey = (context: string, timeline: string, seq: number): string =>
  'm' + sep + context + sep + timeline + sep + seqHex(seq)

export const messageRange = (context: string, timeline: string) => {
  const prefix = 'm' + sep + context + sep + timeline
  return { gt: prefix + sep, lt: prefix + end }
}

export const timelineKey = (context: string, order: string): string => 't' + sep + context + sep + order

export const timelineRange = (context: string) => {
  const prefix = 't' + sep + context
  return { gt: prefix + sep, lt: prefix + end }
}

export const idKey = (context: string, id: string): string => 'i' + sep + context + sep + id

export const contextKey = (context: string): string => 'c' + sep + context

export const contextRange = { gt: 'c' + sep, lt: 'c' + end }
