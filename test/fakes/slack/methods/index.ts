import { chat } from './chat.ts';
import { conversations } from './conversations.ts';
import { files } from './files.ts';
import type { MethodDef } from './types.ts';
import { users } from './users.ts';
import { views } from './views.ts';

export const METHODS: Record<string, MethodDef> = { ...conversations, ...chat, ...views, ...users, ...files };
export { SlackApiError } from './types.ts';
export type { Ctx, MethodDef } from './types.ts';
