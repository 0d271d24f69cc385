import { type MethodDef, SlackApiError, bool, str } from './types.ts';

export const users: Record<string, MethodDef> = {
  'auth.test': {
    run: (_args, ctx) => ({
      url: 'https://fake-crisis.slack.com/', team: 'Fake Crisis Team', user: 'crisisbot', team_id: ctx.state.ids.teamId,
      user_id: ctx.state.ids.botUserId, bot_id: ctx.state.ids.botId, is_enterprise_install: false,
    }),
  },

  // `locale` is only present with include_locale=true; `profile.email` only with users:read.email.
  'users.info': {
    scope: 'users:read',
    run(args, ctx) {
      const u = ctx.state.users.get(str(args.user));
      if (!u) throw new SlackApiError('user_not_found');
      return { user: ctx.state.userObject(u, { locale: bool(args.include_locale), email: ctx.scopes.has('users:read.email') }) };
    },
  },

  'users.lookupByEmail': {
    scope: 'users:read.email',
    run(args, ctx) {
      const email = str(args.email).toLowerCase();
      const u = [...ctx.state.users.values()].find((x) => x.email?.toLowerCase() === email);
      if (!email || !u) throw new SlackApiError('users_not_found');
      return { user: ctx.state.userObject(u, { locale: false, email: true }) };
    },
  },

  'apps.connections.open': {
    token: 'app',
    run: (_args, ctx) => ({ url: ctx.socketUrl() }),
  },
};
