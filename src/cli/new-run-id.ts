// The id of a run `upto new` begins when none is given, made here so that the command can print it
// (`RUN=$(upto new deploy)`): the collector's own form (UTC time to the millisecond, sorting as text:
// src/core/placement.ts) and four random letters, so runs begun in the same millisecond elsewhere stay apart.
// bin/upto's shell client makes the same.

import { timelineIdCandidate } from '../core/placement.ts'

const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'

export function newRunId(now: number, random: () => number = Math.random): string {
  let suffix = ''
  for (let i = 0; i < 4; i++) suffix += LETTERS[Math.floor(random() * LETTERS.length)]
  return `${timelineIdCandidate(Math.floor(now), 1)}-${suffix}`
}
