import { framesTable, topFrames } from '../lib/profile.ts'
import { cacheFolder } from '../lib/paths.ts'
console.log(framesTable(topFrames(cacheFolder('profiles', process.argv[2]!), Number(process.argv[3] ?? 40))))
