// The collector's heap is not shrunk by V8's memory reducer. When a busy isolate goes quiet, the reducer runs
// full compacting collections to give memory back: on the collector's thread, a 24 MB heap took 18 ms, each
// datagram and request waiting behind it, right after a big chart was drawn (measured; without it the longest
// hold while a 200,000-event page is drawn went from 17–19 ms to 9–15 ms). The collector's own heap is small
// (big charts are drawn on a thread of their own, which stops when idle), so what it keeps is little.

import { setFlagsFromString } from 'node:v8'

export function keepHeapWhenQuiet(): void {
  setFlagsFromString('--no-memory-reducer')
}
