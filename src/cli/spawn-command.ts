// How `upto run` starts its command, with stdin and stdout inherited and stderr read through a pipe.
// node:child_process would cost every step ~8 ms before the command starts: it loads net, dgram and the stream
// modules, and reads the pipe through a net.Socket. Node's own process and pipe handles, which child_process
// wraps, do the same with none of that. They are not a public API (node-binding.ts), so child_process is the
// fallback.

import type { ChildProcess } from 'node:child_process'
import { getSystemErrorName } from 'node:util'
import { nodeBinding } from './node-binding.ts'

/** What the command does: `failed` alone, or `stderr` chunks, then `exited` and `closed` in either order. */
export interface CommandEvents {
  /** A chunk the command wrote to its stderr. */
  stderr(chunk: Buffer): void
  /** It could not start: the system's error code (ENOENT, EACCES…), or what was wrong with the command line. */
  failed(why: string): void
  /** It exited, by its own code or by a signal. */
  exited(code: number, signal: NodeJS.Signals | undefined): void
  /** Its stderr ended: it and everything it started that held it have closed it. */
  closed(): void
}

export interface CommandProcess {
  kill(signal: NodeJS.Signals): void
}

type Env = Record<string, string | undefined>

export function spawnCommand(command: readonly string[], env: Env, on: CommandEvents): CommandProcess {
  const binding = handles()
  const plain = [...command, ...Object.values(env)].every((text) => text === undefined || !text.includes('\0'))
  // child_process explains a NUL byte in an argument or the environment
  return binding && plain ? spawnHandle(binding, command, env, on) : spawnWithChildProcess(command, env, on)
}

interface ProcessHandle {
  spawn(options: object): number
  pid: number
  onexit: (code: number, signal: string) => void
  close(): void
}

interface PipeHandle {
  readStart(): number
  onread: (buffer: ArrayBuffer | undefined) => void
  close(): void
}

interface Handles {
  Process: new () => ProcessHandle
  Pipe: new (type: number) => PipeHandle
  socketPipe: number
  /** Where a read's length (or error) and offset are left for `onread`. */
  readState: Int32Array
  readLength: number
  readOffset: number
}

function spawnHandle(binding: Handles, command: readonly string[], env: Env, on: CommandEvents): CommandProcess {
  const child = new binding.Process()
  const stderr = new binding.Pipe(binding.socketPipe)
  const envPairs = Object.entries(env).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]))
  const status = child.spawn({
    file: command[0],
    args: command,
    envPairs,
    stdio: [{ type: 'inherit', fd: 0 }, { type: 'inherit', fd: 1 }, { type: 'pipe', handle: stderr }],
  })
  if (status < 0) {
    child.close()
    stderr.close()
    process.nextTick(() => on.failed(getSystemErrorName(status)))
    return { kill: () => undefined }
  }
  let exited = false
  child.onexit = (code, signal) => {
    exited = true
    child.close()
    on.exited(code, signal === '' ? undefined : (signal as NodeJS.Signals))
  }
  stderr.onread = (buffer) => {
    const length = binding.readState[binding.readLength]!
    if (length > 0) on.stderr(Buffer.from(buffer!, binding.readState[binding.readOffset]!, length))
    else if (length < 0) {
      stderr.close() // end of file, or a read error: either way nothing more comes
      on.closed()
    }
  }
  stderr.readStart()
  return {
    kill(signal) {
      if (exited) return // its pid may belong to another process by now
      try {
        process.kill(child.pid, signal)
      } catch {
        // it exited in the meantime
      }
    },
  }
}

/** node:process_wrap, node:pipe_wrap and node:stream_wrap as child_process uses them, if as expected. */
function handles(): Handles | undefined {
  const { Process } = (nodeBinding('process_wrap') ?? {}) as { Process?: Handles['Process'] }
  const { Pipe, constants } = (nodeBinding('pipe_wrap') ?? {}) as { Pipe?: Handles['Pipe']; constants?: { SOCKET?: number } }
  const streams = (nodeBinding('stream_wrap') ?? {}) as { streamBaseState?: Int32Array; kReadBytesOrError?: number; kArrayBufferOffset?: number }
  const usable =
    typeof Process === 'function' &&
    typeof Process.prototype.spawn === 'function' &&
    typeof Pipe === 'function' &&
    typeof Pipe.prototype.readStart === 'function' &&
    typeof constants?.SOCKET === 'number' &&
    streams.streamBaseState instanceof Int32Array &&
    typeof streams.kReadBytesOrError === 'number' &&
    typeof streams.kArrayBufferOffset === 'number'
  if (!usable) return undefined
  return {
    Process,
    Pipe,
    socketPipe: constants.SOCKET!,
    readState: streams.streamBaseState!,
    readLength: streams.kReadBytesOrError!,
    readOffset: streams.kArrayBufferOffset!,
  }
}

/** The same through node:child_process. */
export function spawnWithChildProcess(command: readonly string[], env: Env, on: CommandEvents): CommandProcess {
  let child: ChildProcess | undefined
  let asked: NodeJS.Signals | undefined // before node:child_process was loaded
  void import('node:child_process').then(({ spawn }) => {
    try {
      child = spawn(command[0]!, command.slice(1), { stdio: ['inherit', 'inherit', 'pipe'], env })
    } catch (error) {
      // some failures to start throw rather than emit 'error' (EACCES for a directory, a NUL byte)
      on.failed(why(error as NodeJS.ErrnoException))
      return
    }
    let failed = false
    child.stderr!.on('data', on.stderr)
    child.once('error', (error: NodeJS.ErrnoException) => {
      failed = true
      on.failed(why(error))
    })
    child.once('exit', (code, signal) => on.exited(code ?? 0, signal ?? undefined))
    child.stderr!.once('close', () => failed || on.closed())
    if (asked !== undefined) child.kill(asked)
  })
  return { kill: (signal) => (child === undefined ? (asked = signal) : void child.kill(signal)) }
}

function why(error: NodeJS.ErrnoException): string {
  return error.errno !== undefined && error.code !== undefined ? error.code : error.message
}
