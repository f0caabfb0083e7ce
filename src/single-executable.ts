// The entry of the single executable that scripts/package.mjs builds: one file holding Node, the client, the
// collector and the web pages. Its main script is the client alone, as bin/upto's is, so `upto start` starts
// as fast as Node itself; the rest of the program is an asset of the executable, compiled only by the commands
// that need it. There, `node-gyp-build` takes classic-level's native addon from the assets too (native-addon.ts).

import { getAsset } from 'node:sea'
import { Script } from 'node:vm'
import { main, type LoadProgram } from './main.ts'

/** The asset scripts/package.mjs stores the program under: one function of CommonJS's five arguments. */
const programAsset = 'program.cjs'

const loadProgram: LoadProgram = async () => {
  const source = getAsset(programAsset, 'utf8')
  const program = new Script(source, { filename: programAsset }).runInThisContext() as (...args: unknown[]) => void
  const module = { exports: {} }
  program(module.exports, require, module, programAsset, '.')
  return module.exports as Awaited<ReturnType<LoadProgram>>
}

// argv: the executable, the name it was called by, then the arguments
void main(process.argv.slice(2), loadProgram).then((code) => {
  process.exitCode = code
})
