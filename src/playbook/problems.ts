import type { Playbook } from './schema.ts';

/** What the playbook loader reports, and the shapes its parts share. */
export interface Problem {
  /** Path relative to the playbook folder, '/'-separated; '' when the folder itself is the problem. */
  file: string;
  /** 1-based; 0 when the problem is not tied to a line (e.g. a missing file). */
  line: number;
  /** Dotted path inside the file, e.g. 'steps.3.owner'; '' for the whole file. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export type LoadResult = { ok: true; playbook: Playbook } | { ok: false; problems: Problem[] };

export type Path = readonly PropertyKey[];

export const TOP_FILES = {
  levels: { file: 'levels.yml', what: 'the grading standard (currency and levels 1 to 4)' },
  roles: { file: 'roles.yml', what: 'the list of roles' },
  roster: { file: 'roster.yml', what: 'the monitoring-group roster (people and their roles)' },
  resources: { file: 'resources.yml', what: 'the emergency resource table' },
} as const;


export class Problems {
  readonly list: Problem[] = [];
  private readonly fields = new Set<string>();

  add(p: Problem): void {
    this.list.push(p);
    this.fields.add(`${p.file}\0${p.field}`);
  }

  /** For cross-checks: a field the schema already rejected would otherwise be reported twice. */
  addOnce(p: Problem): void {
    if (!this.fields.has(`${p.file}\0${p.field}`)) this.add(p);
  }

  sorted(): Problem[] {
    const rank = (file: string) => {
      const top = Object.values(TOP_FILES).findIndex((f) => f.file === file);
      return top >= 0 ? top : Object.keys(TOP_FILES).length;
    };
    return [...this.list].sort(
      (a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line,
    );
  }
}

export interface Source {
  file: string;
  raw: unknown;
  lineOf(path: Path): number;
}
