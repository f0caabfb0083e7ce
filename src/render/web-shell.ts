// The frame every page shares: head with title and styles, the script, the end.

import { escapeHtml as esc } from './escape.ts'
import { PAGE_CSS } from './web-css.ts'

export interface ShellOptions {
  title: string
  /** The browser script's URL; omitted, the page has no script. */
  scriptHref?: string
}

export function pageStart({ title, scriptHref }: ShellOptions): string {
  const script = scriptHref === undefined ? '' : `\n<script src="${esc(scriptHref)}" defer></script>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(title)} · upto</title>
<style>${PAGE_CSS}</style>${script}
</head>
<body>
`
}

export const pageEnd = '</body>\n</html>\n'
