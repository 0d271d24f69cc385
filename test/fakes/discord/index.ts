// Fake Discord (REST + Gateway on 127.0.0.1) for testing the real discord.js client.
export { startFakeDiscord, FakeDiscord, matchRoute } from './server.ts';
export type { FakeDiscordOptions, FailureSpec } from './server.ts';
export { FakeGateway } from './gateway.ts';
export type { GatewayFrame } from './gateway.ts';
export { IDS, defaultGuildSeed } from './payloads.ts';
export type { GuildSeed, InteractionSpec } from './payloads.ts';
export type { ModalEntry } from './limits.ts';
export { P, FakeState, DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './state.ts';
export type {
  CallRecord, FakeChannel, FakeGuild, FakeInteraction, FakeMessage, FakeOverwrite, FakeRole, FakeUser,
  InteractionResponseRecord,
} from './state.ts';
export { pingsOf, NO_PINGS } from './mentions.ts';
export { NONCE_WINDOW_MS } from './rest-messages.ts';
export type { Pings } from './mentions.ts';
