// Node's own handles (process.binding), which its public modules wrap. The client uses a few of them where the
// public module would load much more than one CI step needs. They are not a public API: every user checks the
// shape it expects and falls back to the public module when it is not there.

/** `process.binding(name)`, or undefined when it is missing, throws, or would print a deprecation warning. */
export function nodeBinding(name: string): Record<string, unknown> | undefined {
  const { binding, execArgv, env } = process as unknown as {
    binding?: (name: string) => Record<string, unknown>
    execArgv: string[]
    env: Record<string, string | undefined>
  }
  // process.binding is deprecated in documentation only; with --pending-deprecation it prints a warning
  const pending = execArgv.includes('--pending-deprecation') || env.NODE_OPTIONS?.includes('--pending-deprecation')
  if (typeof binding !== 'function' || pending) return undefined
  try {
    return binding(name)
  } catch {
    return undefined
  }
}
