// Files on a Discord message: a multipart/form-data request whose `payload_json` part is the message
// and whose `files[n]` parts are the files (DAD reference.mdx, "Uploading Files"), each matched by
// `attachments[].id` = n in the payload. A request over the upload limit is refused as a whole with
// 413 and code 40005, "Request entity too large" (seen answered to uploads: discord-api-docs#6058).
// The limit is 10 MiB for a server without boosts. [guess: the 10 MiB figure is Discord's current
// help-centre number, not re-checked against an API page here; the fake counts the whole request.]
import type { APIAttachment } from 'discord-api-types/v10';
import { apiError, type ApiError } from './limits.ts';
import type { FakeFile, Obj } from './rest-common.ts';

export const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

export const tooLarge = (): ApiError => apiError(413, 40005, 'Request entity too large');

/** The file parts of a multipart request; none for any other body. */
export async function filesOf(raw: Buffer, contentType: string): Promise<FakeFile[]> {
  if (!contentType.startsWith('multipart/form-data') || !raw.length) return [];
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const out: FakeFile[] = [];
  for (const [field, v] of form.entries()) {
    if (typeof v === 'string' || !/^files\[\d+\]$/.test(field)) continue;
    out.push({ field, filename: v.name, contentType: v.type || 'application/octet-stream', bytes: Buffer.from(await v.arrayBuffer()) });
  }
  return out;
}

/** The message's attachment objects for its files, in the order of `attachments` in the payload; ids from `nextId`. */
export function attachmentsOf(body: Obj, files: FakeFile[], nextId: () => string, urlOf: (id: string, name: string) => string): { attachments: APIAttachment[]; bytes: Map<string, Buffer> } {
  const declared = Array.isArray(body.attachments) ? (body.attachments as { id?: unknown; filename?: unknown }[]) : [];
  const bytes = new Map<string, Buffer>();
  const attachments = files.map((f, n) => {
    const meta = declared.find((a) => String(a.id) === f.field.slice('files['.length, -1)) ?? declared[n];
    const id = nextId();
    const filename = typeof meta?.filename === 'string' ? meta.filename : f.filename;
    bytes.set(id, f.bytes);
    return { id, filename, size: f.bytes.length, url: urlOf(id, filename), proxy_url: urlOf(id, filename), content_type: f.contentType };
  });
  return { attachments, bytes };
}
