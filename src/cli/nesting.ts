// Nesting of client calls made inside `upto run`: it exports UPTO_CONTEXT, UPTO_TIMELINE and UPTO_PARENT to its
// command, and a client call (start, end, mark, run) made by that command lands under it:
//
// - when UPTO_PARENT is set and UPTO_CONTEXT is the call's context, an event name that is neither UPTO_PARENT
//   itself nor already under it (`UPTO_PARENT.…`) gets the prefix `UPTO_PARENT.`: inside
//   `upto run ci build -- make`, `upto start ci compile` is `build.compile`, and `upto start ci build.link`
//   stays `build.link`;
// - in that same case, a call without --timeline takes UPTO_TIMELINE when it is set;
// - a call for another context is left alone. `upto new` is never changed. `env -u UPTO_PARENT upto …` opts out.
//
// A call that has no timeline by then takes the CI run's (ci-run.ts), `new` included.

import { ciRunId } from './ci-run.ts'

export const nestingEnv = Object.freeze({ context: 'UPTO_CONTEXT', timeline: 'UPTO_TIMELINE', parent: 'UPTO_PARENT' })

export interface Nested {
  name: string
  timeline?: string
}

export function nested(
  env: Readonly<Record<string, string | undefined>>,
  context: string,
  name: string,
  timeline: string | undefined,
): Nested {
  const parent = env[nestingEnv.parent]
  if (!parent || env[nestingEnv.context] !== context) return placed(name, timeline ?? ciRunId(env))
  const full = name === parent || name.startsWith(`${parent}.`) ? name : `${parent}.${name}`
  return placed(full, timeline ?? (env[nestingEnv.timeline] || undefined) ?? ciRunId(env))
}

/** Where `upto new` goes: its --timeline, else the CI run's; else undefined, and the client makes an id. */
export function newTimeline(env: Readonly<Record<string, string | undefined>>, timeline: string | undefined): string | undefined {
  return timeline ?? ciRunId(env)
}

function placed(name: string, timeline: string | undefined): Nested {
  return timeline === undefined ? { name } : { name, timeline }
}
