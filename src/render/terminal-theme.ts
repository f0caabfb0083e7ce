// Colours for the terminal: chalk at the level the caller chose, never read from the environment here.

import { Chalk } from 'chalk'
import type { Tone } from '../core/layout-tone.ts'

/** A tone, or the gray of implied ancestors and of the axis. */
export type Ink = Tone | 'dim'

export interface Theme {
  ink(ink: Ink, text: string): string
  bold(text: string): string
}

export function makeTheme(color: boolean): Theme {
  const chalk = new Chalk({ level: color ? 1 : 0 })
  const inks: Record<Ink, (text: string) => string> = {
    ok: chalk.green,
    error: chalk.red,
    running: chalk.yellow,
    orphan: chalk.magenta,
    abandoned: chalk.gray,
    other: chalk.cyan,
    dim: chalk.gray,
  }
  return {
    ink: color ? (ink, text) => (text === '' ? text : inks[ink](text)) : (_ink, text) => text,
    bold: color ? (text) => chalk.bold(text) : (text) => text,
  }
}
