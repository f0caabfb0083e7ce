// NATS subject matching, for one question: does a stream's subject already take the subject we consume?
// `*` stands for one token, `>` for one or more at the end; a wildcard subject is covered by a pattern
// that takes everything it can match.

/** Whether every subject `subject` can match is also matched by `pattern`. */
export function subjectCovers(pattern: string, subject: string): boolean {
  const p = pattern.split('.')
  const s = subject.split('.')
  for (let i = 0; i < p.length; i++) {
    const token = p[i]!
    if (token === '>') return s.length > i
    if (i >= s.length) return false
    if (token === '*') {
      if (s[i] === '>') return false
    } else if (token !== s[i]) return false
  }
  return p.length === s.length
}
