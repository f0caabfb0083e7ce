// Colours for the terminal: chalk at the level the caller chose, never read from the environment here.

import { Chalk } from 'chalk'
import type { Tone } from '../core/layout-tone.ts'

/** A tone, or the gray of implied ancestors and of the axis. */
export type Ink = Tone | 'dim'

export interface Theme {
  ink(ink: Ink, text: string): string
  bold(text: string): string
  /**
   * The codes `ink` puts around non-empty text that holds no escape or line break ('' without colour), for
   * a renderer that puts them around runs of its own text.
   */
  open: Readonly<Record<Ink, string>>
  close: Readonly<Record<Ink, string>>
}

export function makeTheme(color: boolean): Theme {
  const chalk = new Chalk({ level: color ? 1 : 0 })
  const inks: Record<Ink, Wrap> = {
    ok: chalk.green,
    error: chalk.red,
    running: chalk.yellow,
    orphan: chalk.magenta,
    abandoned: chalk.gray,
    other: chalk.cyan,
    dim: chalk.gray,
  }
  const open = {} as Record<Ink, string>
  const close = {} as Record<Ink, string>
  const fast = {} as Record<Ink, Wrap>
  for (const ink of Object.keys(inks) as Ink[]) {
    const [before, after] = codes(inks[ink])
    open[ink] = before
    close[ink] = after
    fast[ink] = wrapper(inks[ink])
  }
  const bold = wrapper(chalk.bold)
  return {
    ink: color ? (ink, text) => (text === '' ? text : fast[ink](text)) : (_ink, text) => text,
    bold: color ? bold : (text) => text,
    open,
    close,
  }
}

type Wrap = (text: string) => string

/** What a style puts before and after plain text. */
function codes(style: Wrap): [string, string] {
  const [open = '', close = ''] = style('\0').split('\0')
  return [open, close]
}

/**
 * The style's own codes around the text, as chalk puts them, without chalk's work per call (a chart paints
 * thousands of cells); text holding an escape or a line break, which chalk treats specially, goes to chalk.
 */
function wrapper(style: Wrap): Wrap {
  const [open, close] = codes(style)
  return (text) => (text === '' ? text : text.includes('\x1b') || text.includes('\n') ? style(text) : open + text + close)
}
