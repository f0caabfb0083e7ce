// A test's need of something outside the project: a browser, a database server, a tool. When it is missing
// the test is skipped with one line saying what and how to get it — unless CI is set: .ci/run installs or
// starts everything, so there a missing dependency is a failure, never a quiet skip.

/** False when `present`; otherwise the reason to skip. Throws, failing the test file, when CI is set. */
export function needs(what: string, present: boolean, howToGet: string): string | false {
  if (present) return false
  const reason = `needs ${what}: ${howToGet}`
  if (process.env.CI) throw new Error(`${reason} (CI is set: every dependency must be there)`)
  return reason
}
