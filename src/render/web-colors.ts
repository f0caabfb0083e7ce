// Bar and status colours for the web: mid tones, readable on light and dark backgrounds alike.

import type { Tone } from '../core/layout-tone.ts'

export const COLORS: Record<Tone | 'implied', string> = {
  ok: '#2f9e58',
  error: '#d9443f',
  running: '#e0a100',
  orphan: '#b548c6',
  abandoned: '#8c8c8c',
  other: '#3b82c4',
  implied: '#8a8f98',
}
