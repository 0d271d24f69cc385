/**
 * What people typed into a form page that could not be saved (the database was unreachable), in
 * memory, so a Try again button can open the page filled in even while the draft itself cannot be
 * read. Kept for a few minutes and bounded: it is a courtesy through a short outage, not a store;
 * a restart loses it, and the person is told so when it is gone.
 */
export const HELD_FOR_MS = 10 * 60_000;
const MAX_HELD = 1000;

/** `command`: the command text that opened the form, to define it again when the draft cannot be read. */
export type Held = { user: string; command: string; values: Record<string, string>; at: number };

export class HeldInput {
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps `values` for the draft, on top of what is already held for it. */
  keep(draft: string, user: string, command: string, values: Record<string, string>): void {
    const before = this.take(draft, user);
    this.held.delete(draft);
    this.held.set(draft, { user, command, values: { ...before?.values, ...values }, at: this.now() });
    // Oldest first (insertion order): the map never grows past its bound.
    while (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value!);
  }

  /** What is held for the draft, only for the person who typed it and only while fresh. */
  take(draft: string, user: string): Held | undefined {
    const h = this.held.get(draft);
    if (!h || h.user !== user) return undefined;
    if (this.now() - h.at > HELD_FOR_MS) {
      this.held.delete(draft);
      return undefined;
    }
    return h;
  }

  /** Recorded at last: nothing more to hold. */
  drop(draft: string): void {
    this.held.delete(draft);
  }
}
