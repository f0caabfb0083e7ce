// Tiny checks on generated markup: tags balance, attributes of elements.

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'area', 'base', 'source', 'wbr'])

/** Throws unless every element is closed in order (void elements, self-closing tags and comments aside). */
export function assertBalanced(markup: string): void {
  const stack: string[] = []
  const tags = markup.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/g, '<style></style>')
  for (const m of tags.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name = '', , self] = m
    const tag = name.toLowerCase()
    if (self || VOID.has(tag)) continue
    if (!closing) stack.push(tag)
    else if (stack.pop() !== tag) throw new Error(`unbalanced </${tag}> at ${m.index}`)
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`)
  if (/<(?![a-zA-Z/!])/.test(tags)) throw new Error('a bare < in text')
}

/** Attributes of every element with the given class. */
export function elementsWithClass(markup: string, cls: string): Record<string, string>[] {
  const found: Record<string, string>[] = []
  for (const m of markup.matchAll(/<([a-z]+)\s([^>]*)>/g)) {
    const attrs: Record<string, string> = { tag: m[1] ?? '' }
    for (const a of (m[2] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1] ?? ''] = a[2] ?? ''
    if ((attrs.class ?? '').split(' ').includes(cls)) found.push(attrs)
  }
  return found
}
