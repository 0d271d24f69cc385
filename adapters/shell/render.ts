import { formatAge, t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { plain, type Button, type Card, type Rich } from '../../src/ui/card.ts';
import { buttonCommandLine } from '../../commands/buttons.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** Terminal time: local and unambiguous, YYYY-MM-DD HH:MM. */
export const shellTime = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;

// Terminal control sequences in stored text must not reach the user's terminal.
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** A button as the terminal shows it: its label and the command that does the same (nothing here can be clicked). */
function button(b: Button, label: string): string {
  const typed = buttonCommandLine(b.id, b.value);
  return typed ? `[${label}: ${typed}]` : `[${label}]`;
}

export function renderCard(card: Card, locale: Locale, now: Date): string[] {
  const line = (rich: Rich) =>
    plain(rich, (d, style) => {
      if (style !== 'relative') return shellTime(d);
      const ms = d.getTime() - now.getTime();
      return t(locale, ms >= 0 ? 'time.in' : 'time.ago', { age: formatAge(locale, ms) });
    }).replace(TERMINAL_UNSAFE, '');
  const out: string[] = [];
  if (card.title) out.push(`== ${line([card.title])} ==`);
  for (const b of card.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`-- ${line([b.text])} --`);
        break;
      case 'text':
        out.push(...line(b.text).split('\n'));
        break;
      case 'fields':
        for (const f of b.fields) out.push(...`${line([f.label])}: ${line(f.value)}`.split('\n'));
        break;
      case 'item':
        out.push(`  ${line(b.text)}${b.button ? `  ${button(b.button, line([b.button.label]))}` : ''}`);
        break;
      case 'actions':
        out.push(b.buttons.map((x) => button(x, line([x.label]))).join(' '));
        break;
      case 'divider':
        out.push('');
        break;
    }
  }
  return out;
}
