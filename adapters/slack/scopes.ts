/**
 * Bot-token scopes of every Web API method this adapter calls, from Slack's method reference
 * pages: [public channel scope, private channel scope] where they differ. manifest.yml must
 * request exactly these plus the command scope (test/adapters/slack/manifest.test.ts checks it).
 */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  'views.open': [],
  'views.update': [],
  'users.info': ['users:read'],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.list': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.open': ['im:write'],
  // [public, private, DM]: a retried post looks for itself in the room or the DM it went to.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'pins.add': ['pins:write'],
  // filesUploadV2: the report posted in the war room as a file.
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
};

/** Needed for `/crisis` itself, not for any Web API method. */
export const COMMAND_SCOPES = ['commands'] as const;

/**
 * Requested by the manifest although no call needs it yet, with the reason. Slack only grants
 * users:read.email together with users:read, and issue 3 asks for it so roster entries can be
 * matched by email address.
 */
export const REQUESTED_WITHOUT_CALL: Record<string, string> = {
  'users:read.email': 'roster people matched by email (users.lookupByEmail) — issue 3 asks for it',
};

/** The scope a call needs, for a refusal message: the private-channel one when the room is private. */
export function scopeFor(method: string, isPrivate = false): string | undefined {
  const scopes = METHOD_SCOPES[method] ?? [];
  return (isPrivate ? scopes[1] : undefined) ?? scopes[0];
}
