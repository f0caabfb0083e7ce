// The entry of the single executable that scripts/package.mjs builds: one file holding Node, the client, the
// collector and the web pages. The same main() as bin/upto's, with the whole program in this one bundle; its
// `node-gyp-build` takes classic-level's native addon from the executable's assets (native-addon.ts).

import { main } from './main.ts'

// argv: the executable, the name it was called by, then the arguments
void main(process.argv.slice(2), () => import('./program.ts')).then((code) => {
  process.exitCode = code
})
