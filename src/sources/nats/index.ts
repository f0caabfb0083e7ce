export { natsSource } from './source.ts'
export { NatsSettingsError, natsSettings } from './settings.ts'
export { NatsStartError } from './connect.ts'
