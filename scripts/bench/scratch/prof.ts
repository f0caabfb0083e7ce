import { spawnSync } from 'node:child_process'
import { bundle } from '../lib/bundle.ts'
import { profileFolder, topFrames, framesTable } from '../lib/profile.ts'
const file = await bundle(process.argv[2]!)
const dir = profileFolder('scratch')
spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, file], { stdio: 'inherit' })
console.log(framesTable(topFrames(dir, Number(process.argv[3] ?? 25))))
