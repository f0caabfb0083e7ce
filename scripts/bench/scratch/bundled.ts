// run a bench scenario bundled, as the runner will
import { spawnSync } from 'node:child_process'
import { bundle } from '../lib/bundle.ts'
const file = await bundle(process.argv[2]!)
spawnSync(process.execPath, [...process.argv.slice(3), file], { stdio: 'inherit' })
