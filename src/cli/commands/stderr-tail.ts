// The last lines a command wrote to stderr, kept while they pass through, as the message of a failed step:
// escape sequences removed, a progress line's carriage returns resolved, at most `lines` lines and `chars`
// characters (well inside the collector's 4,096-byte message limit).

import { StringDecoder } from 'node:string_decoder'

export interface StderrTail {
  push(chunk: Uint8Array): void
  text(): string
}

const KEEP = 16_384
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g

export function stderrTail(lines = 8, chars = 1_000): StderrTail {
  const decoder = new StringDecoder('utf8')
  let kept = ''
  return {
    push(chunk) {
      kept += decoder.write(Buffer.from(chunk))
      if (kept.length > KEEP * 2) kept = kept.slice(-KEEP)
    },
    text() {
      const clean = (kept + decoder.end()).slice(-KEEP).replace(ESCAPES, '').replace(/\r\n/g, '\n')
      kept = ''
      const shown = clean
        .split('\n')
        .map((line) => (line.split('\r').filter((part) => part.trim() !== '').pop() ?? '').replace(CONTROLS, '').trimEnd())
        .filter((line) => line.trim() !== '')
        .slice(-lines)
        .join('\n')
      return shown.length > chars ? `…${shown.slice(-(chars - 1))}` : shown
    },
  }
}
