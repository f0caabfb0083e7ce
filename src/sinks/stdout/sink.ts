// `[sinks.NAME] type = "stdout"`: every stored message (or, with `feed = "cdevents"`, every accepted CDEvent) as
// one JSON line on standard output (or any stream: tests),
// waiting for the stream to drain, so a reader that is slow holds the sink's queue, never the collector.

import type { Writable } from 'node:stream'
import type { SinkType } from '../types.ts'

export interface StdoutSinkOptions {
  /** Where the lines go; process.stdout by default. */
  stream?: Writable
}

export const stdoutSink: SinkType<StdoutSinkOptions> = {
  type: 'stdout',
  settings: {},
  create(options) {
    const stream = options.stream ?? process.stdout
    return {
      write(batch) {
        let text = ''
        for (const message of batch) text += `${JSON.stringify(message)}\n`
        // the callback runs once the text is handed on to the OS: waiting for it is waiting for the drain
        return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())))
      },
      // a feed's items: the event itself (a CDEvent), one JSON line each
      writeItems(batch) {
        let text = ''
        for (const item of batch) text += `${JSON.stringify(item.data)}\n`
        return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())))
      },
    }
  },
}
