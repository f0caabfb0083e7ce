// A service's agent as hippodamia's behaves, for the tests: it onboards with a new uuid each time (re-sending the
// request while no answer comes), sends its configuration once active, pings and sends runtime figures at the
// intervals the answer gave, answers commands, sets the MQTT last will to its end message, and onboards again
// when the watchdog asks it to or when heartbeats stop coming.

import { randomUUID } from 'node:crypto'
import { connectAsync, type MqttClient } from 'mqtt'

export interface AgentOptions {
  url: string
  onboardingTopic: string
  identifier: Record<string, unknown>
  config?: Record<string, unknown>
  /** Re-send an unanswered onboarding request after this long; default 500 ms. */
  resendAfter?: number
}

interface Response {
  uuid: string
  gid: string
  session: number
  'topics-activity': Record<'ping' | 'runtime' | 'config' | 'end' | 'logger', string>
  'topics-commands': Record<'end' | 'reonboarding' | 'ping_on_request' | 'config_on_request' | 'runtime_on_request' | 'heartbeat', string>
  timings: Record<'send-ping' | 'send-runtime' | 'send-config' | 'expect-heartbeat', number>
}

export class HippodamiaAgent {
  gid: string | undefined
  session: number | undefined
  /** Every onboarding request sent (re-sends too), and every answer taken. */
  readonly requests: Array<{ uuid: string }> = []
  readonly answers: Response[] = []
  readonly commands: Array<{ topic: string; request: string; gid?: string }> = []
  heartbeats = 0
  private control!: MqttClient
  private activity: MqttClient | undefined
  private response: Response | undefined
  private uuid = ''
  private timers: NodeJS.Timeout[] = []
  private lastHeartbeat = Date.now()
  private readonly replyTopic = `upto-test/agent/${randomUUID()}`

  constructor(private readonly options: AgentOptions) {}

  async start(): Promise<void> {
    this.control = await connectAsync(this.options.url, { reconnectPeriod: 200 })
    this.control.on('message', (topic, payload) => this.heard(topic, JSON.parse(payload.toString()) as Record<string, unknown>))
    await this.control.subscribeAsync(this.replyTopic, { qos: 1 })
    await this.onboard()
  }

  /** A new onboarding: a new uuid, the request sent again until it is answered. */
  async onboard(): Promise<void> {
    this.stopTimers()
    this.response = undefined
    this.uuid = randomUUID()
    const send = () => {
      this.requests.push({ uuid: this.uuid })
      void this.control.publishAsync(this.options.onboardingTopic, JSON.stringify({
        uuid: this.uuid, 'onboarding-topic': this.replyTopic, 'protocol-version': 1, timestamp: new Date().toISOString(),
        identifier: { ...this.options.identifier, 'last-gid': this.gid, 'last-session': this.session },
      }), { qos: 1 })
    }
    send()
    this.timers.push(setInterval(() => {
      if (this.response === undefined) send()
    }, this.options.resendAfter ?? 500))
  }

  private heard(topic: string, message: Record<string, unknown>): void {
    if (topic === this.replyTopic) {
      if (message.uuid !== this.uuid || this.response !== undefined) return // an answer to an older request
      void this.onboarded(message as unknown as Response)
      return
    }
    const r = this.response
    if (r === undefined) return
    if (topic === r['topics-commands'].heartbeat) {
      this.heartbeats++
      this.lastHeartbeat = Date.now()
      return
    }
    const request = String(message.request)
    if (message.gid !== undefined && message.gid !== r.gid) return
    this.commands.push({ topic, request, ...(typeof message.gid === 'string' ? { gid: message.gid } : {}) })
    if (topic === r['topics-commands'].reonboarding) void this.onboard()
    else if (topic === r['topics-commands'].ping_on_request) this.ping()
    else if (topic === r['topics-commands'].config_on_request) this.sendConfig()
    else if (topic === r['topics-commands'].runtime_on_request) this.runtime()
  }

  private async onboarded(r: Response): Promise<void> {
    this.response = r
    this.answers.push(r)
    this.stopTimers()
    this.gid = r.gid
    this.session = r.session
    await this.activity?.endAsync(true)
    // the last will: the end message, sent by the broker if this connection dies
    this.activity = await connectAsync(this.options.url, {
      reconnectPeriod: 0,
      will: { topic: r['topics-activity'].end, payload: Buffer.from(JSON.stringify({ gid: r.gid, session: r.session, reason: 'last_will' })), qos: 1, retain: false },
    })
    await this.control.subscribeAsync(Object.values(r['topics-commands']), { qos: 1 })
    this.lastHeartbeat = Date.now()
    this.sendConfig()
    this.ping()
    const every = (seconds: number, run: () => void) => {
      if (seconds > 0) this.timers.push(setInterval(run, seconds * 1000))
    }
    every(r.timings['send-ping'], () => this.ping())
    every(r.timings['send-runtime'], () => this.runtime())
    every(r.timings['send-config'], () => this.sendConfig())
    if (r.timings['expect-heartbeat'] > 0) {
      this.timers.push(setInterval(() => {
        if (Date.now() - this.lastHeartbeat > r.timings['expect-heartbeat'] * 1000) void this.onboard()
      }, 100))
    }
  }

  private send(kind: 'ping' | 'runtime' | 'config' | 'end' | 'logger', body: Record<string, unknown>): void {
    const r = this.response
    if (r === undefined || this.activity === undefined) return
    void this.activity.publishAsync(r['topics-activity'][kind], JSON.stringify({ gid: r.gid, session: r.session, timestamp: new Date().toISOString(), ...body }), { qos: 1 })
  }

  ping(): void {
    this.send('ping', { 'service-uptime': process.uptime() })
  }

  runtime(): void {
    this.send('runtime', { cpu: 1.5, memory: 1024, disk: 2048, 'messages-received': 3, 'messages-sent': 4 })
  }

  sendConfig(): void {
    this.send('config', { config: this.options.config ?? {} })
  }

  /** Publishes on its ping topic as an agent of another session would (a stale process). */
  pingAs(session: number): void {
    const r = this.response!
    void this.activity!.publishAsync(r['topics-activity'].ping, JSON.stringify({ gid: r.gid, session, timestamp: new Date().toISOString() }), { qos: 1 })
  }

  /** Ends as on SIGTERM: an end message, then away. */
  async end(): Promise<void> {
    this.send('end', { reason: 'agent' })
    await this.stop()
  }

  /** Dies without a word: the broker sends the last will. */
  async die(): Promise<void> {
    this.stopTimers()
    this.activity?.stream.destroy()
    this.activity = undefined
    await this.control.endAsync(true)
  }

  async stop(): Promise<void> {
    this.stopTimers()
    await this.activity?.endAsync()
    await this.control.endAsync()
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
  }
}
