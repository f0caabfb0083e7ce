// Top frames of a CPU profile (node --cpu-prof), by self time, named by the source file they came from.
// Children run bundled: a bundle line is mapped back to its file by esbuild's `// src/...ts` markers.

import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheFolder, root } from './paths.ts'
import { table } from './format.ts'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface Frame {
  name: string
  where: string
  /** Share of the sampled time that was not idle. */
  share: number
}

/** A fresh, empty folder for the profiles of one measurement. */
export function profileFolder(name: string): string {
  const dir = cacheFolder('profiles', name)
  rmSync(dir, { recursive: true, force: true })
  return cacheFolder('profiles', name)
}

/** The heaviest frames over every profile in `dir` (one per thread of the profiled process). */
export function topFrames(dir: string, count = 12): Frame[] {
  const self = new Map<string, { name: string; where: string; time: number }>()
  let busy = 0
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
    const time = new Map<number, number>()
    profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
    for (const node of profile.nodes) {
      const t = time.get(node.id) ?? 0
      const { functionName, url, lineNumber } = node.callFrame
      if (functionName === '(idle)' || t === 0) continue
      busy += t
      const where = place(url, lineNumber)
      const name = functionName || '(anonymous)'
      const key = `${name} ${where}`
      const entry = self.get(key) ?? { name, where, time: 0 }
      entry.time += t
      self.set(key, entry)
    }
  }
  return [...self.values()]
    .sort((a, b) => b.time - a.time)
    .slice(0, count)
    .map((f) => ({ name: f.name, where: f.where, share: busy > 0 ? f.time / busy : 0 }))
}

export function framesTable(frames: readonly Frame[]): string {
  return table(['self time (of busy)', 'function', 'where'], frames.map((f) => [
    `${(f.share * 100).toFixed(1)}%`,
    `\`${f.name}\``,
    f.where,
  ]))
}

const markers = new Map<string, Array<{ line: number; file: string }>>()

/** `src/codecs/msgpack/events.ts` for a line of a bundle, `node_modules/x/y.js` or `node:internal/...` otherwise. */
function place(url: string, line: number): string {
  if (url === '') return '(native)'
  if (!url.startsWith('file://')) return url
  const path = fileURLToPath(url)
  const modules = path.indexOf('/node_modules/')
  if (path.endsWith('.mjs') && path.includes('/upto-bench/bundles/')) return bundleSource(path, line)
  if (modules >= 0) return path.slice(modules + 1)
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path
}

function bundleSource(path: string, line: number): string {
  let list = markers.get(path)
  if (list === undefined) {
    list = []
    readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
      const m = /^\/\/ ((?:src|scripts)\/\S+\.ts)$/.exec(text)
      if (m) list!.push({ line: i, file: m[1]! })
    })
    markers.set(path, list)
  }
  let found = 'bench bundle'
  for (const m of list) {
    if (m.line > line) break
    found = m.file
  }
  return found
}

/** Runs this very script again under --cpu-prof with `env` set (it then only does the work to profile). */
export async function profileSelf(name: string, env: Record<string, string>): Promise<string> {
  const { spawn } = await import('node:child_process')
  const dir = profileFolder(name)
  const args = [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${dir}`, process.argv[1]!]
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`profiling ${name} exited ${code}`))))
  })
  return dir
}
