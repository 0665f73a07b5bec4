'use client';

import {
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  useId,
  useRef,
  useState,
} from 'react';
import { apiProblem, fieldProblem } from '../../lib/api-error';

/** A labelled input with the API's message for its field (from `data.fields[]`) beside it. */
export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: {
  label: string;
  name: string;
  error?: unknown;
  hint?: ReactNode;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const problem = fieldProblem(error, name);
  const describedBy = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {problem && (
        <span id={`${id}-error`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}

/** A labelled select. */
export function SelectField({
  label,
  name,
  children,
  error,
  ...select
}: {
  label: string;
  name: string;
  children: ReactNode;
  error?: unknown;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const problem = fieldProblem(error, name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={problem ? true : undefined} {...select}>
        {children}
      </select>
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}

/** The API's message for a failed form, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {apiProblem(error).message}
    </p>
  );
}

/** Why a control is disabled: the same words as its title, visible beside it. */
export function Reason({ children }: { children: ReactNode }) {
  return <p className="reason">{children}</p>;
}

/**
 * A secret the API returns once (a new API key, a one-time password): shown with a copy button
 * and the warning that it will not be shown again.
 */
export function SecretOnce({
  label,
  value,
  children,
  onDismiss,
}: {
  label: string;
  value: string;
  children?: ReactNode;
  onDismiss: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard permission (or an insecure origin): select it for Ctrl+C instead.
      input.current?.select();
      return;
    }
    setCopied(true);
  };
  return (
    <div className="secret" role="status">
      {children}
      <div className="secret-row">
        <input
          ref={input}
          readOnly
          aria-label={label}
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          Done
        </button>
      </div>
      <p className="secret-warning">Copy it now: it won’t be shown again.</p>
    </div>
  );
}

/** Formats an ISO date for tables. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Reads a text field of a submitted form. */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * A form's submit handler: stops the browser's own submit and hands over the form's data, and a
 * `reset` to call once the change succeeded.
 */
export function onSubmit(
  handle: (form: FormData, reset: () => void) => void,
): (event: FormEvent<HTMLFormElement>) => void {
  return (event) => {
    event.preventDefault();
    const element = event.currentTarget;
    handle(new FormData(element), () => element.reset());
  };
}
