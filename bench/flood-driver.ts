// A signal flood from its own process (bench/signals.ts's Slack ack comparison): the bodies are signed
// and sent here, as a monitoring tool elsewhere would, so the bot's process only receives them.
// Speaks bench-slack.ts's startDriver protocol.
import { bodies, flood } from './signal-flood.ts';

const all = bodies();
const ops: Record<string, (a: Record<string, unknown>) => Promise<unknown>> = {
  flood: (a) => flood(a.url as string, all.slice(0, a.n as number)),
  stop: async () => void setImmediate(() => process.exit(0)),
};
process.on('message', (m: { id: number; op: string; args: Record<string, unknown> }) => {
  ops[m.op]!(m.args).then(
    (result) => process.send!({ id: m.id, result }),
    (err: unknown) => process.send!({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send!({ ready: true });
