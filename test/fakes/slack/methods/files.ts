// File uploads as Slack takes them from a bot since files.upload was retired: the two-step
// "external" upload that @slack/web-api's filesUploadV2 performs. 1. files.getUploadURLExternal
// (filename, length) answers an upload_url and a file_id; 2. the bytes are POSTed to that URL
// (raw or multipart, server.ts); 3. files.completeUploadExternal (files=[{id,title}], channel_id)
// shares the file, which then shows in the channel as a message carrying `files`.
// [guess: which error a complete without the bytes gets is not documented; the fake answers file_not_found.]
import { type Args, type Ctx, type MethodDef, SlackApiError, isMember, requireChannel, str } from './types.ts';

export interface FakeUpload { id: string; filename: string; length: number; bytes?: Buffer; title?: string; channel?: string; completed: boolean }

/** Slack's own ceiling is 1 GB; a workspace may restrict uploads further (the fake's `maxUploadBytes`). */
export const SLACK_MAX_FILE_BYTES = 1024 * 1024 * 1024;

const mimetypeOf = (name: string) => (name.endsWith('.html') ? 'text/html' : name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.md') ? 'text/markdown' : 'application/octet-stream');

export const fileObject = (u: FakeUpload) => ({ id: u.id, name: u.filename, title: u.title ?? u.filename, size: u.bytes?.length ?? u.length, mimetype: mimetypeOf(u.filename), filetype: u.filename.split('.').pop() });

function filesArg(args: Args): { id: string; title?: string }[] {
  let raw: unknown = args.files;
  try {
    if (typeof raw === 'string') raw = JSON.parse(raw);
  } catch {
    throw new SlackApiError('invalid_arguments');
  }
  if (!Array.isArray(raw) || !raw.length || raw.some((f) => !f || typeof (f as { id?: unknown }).id !== 'string')) throw new SlackApiError('invalid_arguments');
  return raw as { id: string; title?: string }[];
}

export const files: Record<string, MethodDef> = {
  'files.getUploadURLExternal': {
    scope: 'files:write',
    run(args, ctx) {
      const filename = str(args.filename);
      const length = Number(str(args.length));
      if (!filename || !Number.isInteger(length) || length <= 0) throw new SlackApiError('missing_argument');
      if (length > Math.min(ctx.maxUploadBytes ?? SLACK_MAX_FILE_BYTES, SLACK_MAX_FILE_BYTES)) throw new SlackApiError('file_upload_size_restricted');
      const id = ctx.state.newId('F');
      ctx.state.uploads.set(id, { id, filename, length, completed: false });
      return { upload_url: ctx.uploadUrl(id), file_id: id };
    },
  },

  'files.completeUploadExternal': {
    scope: 'files:write',
    run(args, ctx: Ctx) {
      const wanted = filesArg(args);
      const uploads = wanted.map((f) => {
        const u = ctx.state.uploads.get(f.id);
        if (!u || !u.bytes) throw new SlackApiError('file_not_found');
        return { u, title: f.title };
      });
      const channelId = str(args.channel_id);
      const ch = channelId ? requireChannel(ctx, channelId) : undefined;
      if (ch && ch.is_archived) throw new SlackApiError('is_archived');
      if (ch && !isMember(ctx, ch)) throw new SlackApiError('not_in_channel');
      for (const { u, title } of uploads) Object.assign(u, { title: title || u.filename, completed: true, channel: ch?.id });
      if (ch) {
        const m = { ts: ctx.state.nextTs(), channel: ch.id, user: ctx.state.ids.botUserId, text: str(args.initial_comment), files: uploads.map(({ u }) => fileObject(u)) };
        ctx.state.messages.get(ch.id)?.push(m);
      }
      return { files: uploads.map(({ u }) => fileObject(u)) };
    },
  },
};
