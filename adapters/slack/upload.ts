import { createHash } from 'node:crypto';
import path from 'node:path';
import type { webApi } from '@slack/bolt';
import type { MessageRef, UploadFile } from '../port.ts';

/**
 * Slack files cannot carry message metadata, the way posts carry their key (port.ts), and a
 * file's title is what people read. So the key goes into the file's name: a short hash of it
 * before the extension (`report-INC-1-draft.html` → `report-INC-1-draft-3f9a2c1b.html`), found
 * again in conversations.history by a retry. The same key always gives the same name.
 */
export function keyedName(name: string, key: string): string {
  const ext = path.extname(name);
  const tag = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${name.slice(0, name.length - ext.length)}-${tag}${ext}`;
}

/**
 * The upload through @slack/web-api's filesUploadV2: files.getUploadURLExternal (filename,
 * length), the bytes POSTed to the URL Slack returned, files.completeUploadExternal with the
 * channel, which shares it there. Slack shares the file asynchronously; the file's id is what
 * comes back, and stands for the message.
 */
export async function uploadFile(client: webApi.WebClient, channel: string, file: UploadFile): Promise<MessageRef> {
  const res = await client.filesUploadV2({ channel_id: channel, file: file.bytes, filename: file.name, title: file.title ?? file.name });
  const completed = (res as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  const id = completed.flatMap((c) => c.files ?? [])[0]?.id;
  return { room: channel, id: id ?? '' };
}
