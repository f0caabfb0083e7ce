// Splits one text line into words; double quotes group words and take backslash escapes.

export interface Token {
  text: string
  /** Position in `text` of the first '=' outside quotes, or -1: `key=value` versus a plain word. */
  eq: number
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t' }

/** The words of a line, or undefined when a quote is never closed. */
export function tokenize(line: string): Token[] | undefined {
  const tokens: Token[] = []
  let i = 0
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++
    if (i >= line.length) break
    let text = ''
    let eq = -1
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      const c = line[i] as string
      if (c !== '"') {
        if (c === '=' && eq < 0) eq = text.length
        text += c
        i++
        continue
      }
      i++
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1] as string
          text += ESCAPES[next] ?? next
          i += 2
        } else text += line[i++]
      }
      if (i >= line.length) return undefined
      i++
    }
    tokens.push({ text, eq })
  }
  return tokens
}

/** A word as the tokenizer reads it back: quoted when it holds spaces, quotes, '=', or is empty. */
export function quoteWord(s: string): string {
  if (/^[^\s"\\=]+$/.test(s)) return s
  const escaped = s.replace(/[\\"\n\r\t]/g, (c) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\${c}`
  })
  return `"${escaped}"`
}
