// The Slack side of bench/slack.ts, in its own process: the fake Slack plus the load generator, so
// that signing requests and answering the Web API do not eat the CPU of the bot being measured.
import { type FakeSlack, startFakeSlack } from '../test/fakes/slack/index.ts';

type Request = { id: number; op: string; args: Record<string, unknown> };

const fake: FakeSlack = await startFakeSlack();

const ops: Record<string, (a: Record<string, unknown>) => Promise<unknown> | unknown> = {
  info: () => ({ apiUrl: fake.apiUrl, botToken: fake.botToken, botId: fake.botId, botUserId: fake.botUserId }),
  setup(a) {
    for (const id of a.users as string[]) fake.addUser({ id, name: id.toLowerCase() });
    fake.addChannel({ id: 'C0OPS', name: 'ops', members: [fake.botUserId, 'U0ALICE', 'U0WEI', 'U0CAROL'] });
  },
  /** `n` signed `/crisis <text>` at once; the milliseconds from sending each to its ack. */
  async burst(a) {
    const users = ['U0ALICE', 'U0WEI', 'U0CAROL'];
    return Promise.all(
      Array.from({ length: a.n as number }, async (_, i) => {
        const t0 = performance.now();
        const res = await fake.sendSlashCommand(a.url as string, a.secret as string, { text: `${a.text as string} ${i}`, user_id: users[i % 3]!, channel_id: 'C0OPS' });
        if (res.status !== 200) throw new Error(`ack answered ${res.status}`);
        return performance.now() - t0;
      }),
    );
  },
  command: (a) => fake.sendSlashCommand(a.url as string, a.secret as string, a.fields as Record<string, string>).then((r) => r.status),
  lastViewId: () => [...fake.views.keys()].at(-1),
  submit: (a) =>
    fake.sendInteraction(a.url as string, a.secret as string, fake.viewSubmission({ view_id: a.viewId as string, user: 'U0ALICE', values: a.values as Record<string, Record<string, unknown>> })).then((r) => r.status),
  setLatency: (a) => fake.setLatency('*', a.ms as number),
  clearCalls: () => fake.clearCalls(),
  calls: () => fake.calls,
  channels: () => [...fake.channels.values()].map((c) => ({ id: c.id, name: c.name })),
  async stop() {
    await fake.stop();
    setImmediate(() => process.exit(0));
  },
};

process.on('message', (m: Request) => {
  Promise.resolve()
    .then(() => ops[m.op]!(m.args))
    .then(
      (result) => process.send!({ id: m.id, result }),
      (err: unknown) => process.send!({ id: m.id, error: err instanceof Error ? err.message : String(err) }),
    );
});
process.send!({ ready: true });
