/** A platform-neutral form: Slack renders a modal, Discord pages of ≤ 5 inputs, the shell one prompt per field. */
export type FieldKind = 'text' | 'longtext' | 'integer' | 'amount' | 'currency' | 'select' | 'datetime' | 'boolean';

export type FormField = {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  /** Bounds of an integer field (default: at least 0, no maximum). */
  min?: number;
  max?: number;
  placeholder?: string;
  /** Asked only when this other field has a value (e.g. the reason for a level override). */
  askIf?: string;
  /** An amount's currency (ISO code): its sign or code may be typed with the number (src/ui/money.ts). */
  currency?: string;
};

export type Form = {
  /** Which command handles the submission. */
  command: string;
  title: string;
  submit: string;
  fields: FormField[];
  /** Values already known (typed inline, or from an earlier page/attempt). */
  values: Record<string, string>;
  /** Per-field problems to show with the field. */
  errors: Record<string, string>;
  /** General remarks (ignored inline fields, mentions that will not ping). */
  notes: string[];
  /** Opaque context carried through the platform (e.g. the incident key). */
  context?: string;
  /**
   * The values are a draft to edit (a correction), not answers already given: the terminal asks
   * every field again, showing the current value, instead of skipping the filled ones.
   */
  editing?: boolean;
};

/** A form with nothing filled in (or `values` to start from) for `command` to handle on submit. */
export function form(command: string, title: string, submit: string, fields: FormField[], context: string, values: Record<string, string> = {}, errors: Record<string, string> = {}): Form {
  return { command, title, submit, fields, values, errors, notes: [], context };
}
