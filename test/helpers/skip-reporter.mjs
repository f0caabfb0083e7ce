// A node:test reporter that closes the run with the skipped tests grouped by why, and one count line:
//
//   skipped, and why:
//     14  needs Chromium: apt-get install chromium (or set UPTO_CHROMIUM to its path)
//   tests: 812 passed, 0 failed, 14 skipped
//
// npm test runs it beside the spec reporter.

// Plain JavaScript: node loads reporters before tsx is registered.

/** @param {AsyncIterable<{ type: string, data: { skip?: string | boolean, details?: { type?: string } } }>} source */
export default async function* skipReporter(source) {
  let passed = 0
  let failed = 0
  const skipped = new Map()
  for await (const { type, data } of source) {
    if (type !== 'test:pass' && type !== 'test:fail') continue
    const skip = data.skip
    if (skip !== undefined && skip !== false) {
      const why = typeof skip === 'string' && skip !== '' ? skip : 'skipped without a reason'
      skipped.set(why, (skipped.get(why) ?? 0) + 1)
    } else if (data.details?.type !== 'suite') {
      if (type === 'test:pass') passed += 1
      else failed += 1
    }
  }
  let total = 0
  let text = ''
  for (const [why, count] of [...skipped].sort((a, b) => b[1] - a[1])) {
    total += count
    text += `  ${String(count).padStart(4)}  ${why}\n`
  }
  yield `\n${total > 0 ? `skipped, and why:\n${text}` : ''}tests: ${passed} passed, ${failed} failed, ${total} skipped\n`
}
