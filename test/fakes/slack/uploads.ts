// Step 2 of Slack's external upload: the bytes POSTed to the upload_url files.getUploadURLExternal
// returned. Slack takes them "as raw bytes or multipart form encoded" (its method reference);
// @slack/web-api 8 sends a multipart form with the file as its one file field. HTTP 200 means received.
import type { FakeState } from './state.ts';

export async function receiveUpload(state: FakeState, fileId: string, raw: Buffer, contentType: string): Promise<{ status: number; body: string }> {
  const upload = state.uploads.get(fileId);
  if (!upload || upload.completed) return { status: 404, body: 'not found' };
  let bytes = raw;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) return { status: 400, body: 'no file in the form' };
    bytes = Buffer.from(await file.arrayBuffer());
  }
  upload.bytes = bytes;
  return { status: 200, body: `OK - ${bytes.length}` };
}
