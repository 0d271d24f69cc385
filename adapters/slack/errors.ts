import { webApi } from '@slack/bolt';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { PlatformRefusal } from '../port.ts';
import { scopeFor } from './scopes.ts';

/** Slack's error code of a call that reached Slack and was refused (`ok: false`); undefined otherwise. */
export function slackError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: unknown } } | null;
  return e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
}

/**
 * Answers no retry can change. Everything else — rate limits, 5xx, timeouts, `internal_error` —
 * is thrown as it is and the outbox tries again later.
 */
const FINAL = new Set([
  'missing_scope', 'restricted_action', 'not_in_channel', 'channel_not_found', 'is_archived', 'not_authed', 'invalid_auth',
  'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'not_allowed_token_type', 'team_access_not_granted',
  'ekm_access_denied', 'invalid_blocks', 'invalid_blocks_format', 'invalid_arguments', 'msg_too_long', 'no_text',
  'cant_update_message', 'message_not_found', 'edit_window_closed', 'invalid_name', 'invalid_name_specials',
  'invalid_name_maxlength', 'invalid_name_punctuation', 'invalid_name_required', 'method_not_supported_for_channel_type',
  'user_not_found', 'user_disabled', 'cannot_dm_bot',
  // File uploads (files.getUploadURLExternal): the workspace's limits, which no retry changes.
  'file_upload_size_restricted', 'file_uploads_disabled', 'file_uploads_except_images_disabled', 'file_type_not_allowed',
]);

export type CallInfo = { method: string; locale: Locale; private?: boolean; channel?: string };

/** The error to throw for a failed call: a PlatformRefusal naming the fix when retrying cannot help. */
export function classify(err: unknown, info: CallInfo): unknown {
  const code = slackError(err);
  if (!code || !FINAL.has(code)) return err;
  const { method, locale } = info;
  const needed = (err as { data?: { needed?: unknown } }).data?.needed;
  const scope = typeof needed === 'string' && needed ? needed : (scopeFor(method, info.private) ?? '?');
  switch (code) {
    case 'missing_scope':
      return new PlatformRefusal(code, t(locale, 'slack.refusal.scope', { method, scope }));
    case 'restricted_action':
      return new PlatformRefusal(code, t(locale, 'slack.refusal.restricted', { method, scope }));
    case 'file_upload_size_restricted':
      return new PlatformRefusal(code, t(locale, 'upload.slack.tooLarge', { method }));
    case 'file_uploads_disabled':
    case 'file_uploads_except_images_disabled':
    case 'file_type_not_allowed':
      return new PlatformRefusal(code, t(locale, 'upload.slack.disabled', { method, error: code }));
    case 'not_in_channel':
      return new PlatformRefusal(code, t(locale, 'slack.refusal.notInChannel', { method, channel: info.channel ?? '?' }));
    default:
      return new PlatformRefusal(code, t(locale, 'slack.refusal.other', { method, error: code }));
  }
}
