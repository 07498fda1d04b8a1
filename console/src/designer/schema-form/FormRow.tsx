import { type ReactNode, useId } from 'react';
import { type Path, useSchemaForm } from './context';

/** One labelled control of a module form, with its hint and the validator's messages for it. */
export function FormRow({
  label,
  hint,
  path,
  required,
  children,
  inline = false,
}: {
  label: string;
  hint?: string | undefined;
  path: Path;
  required: boolean;
  children: (id: string) => ReactNode;
  inline?: boolean;
}) {
  const id = useId();
  const { problemsAt } = useSchemaForm();
  const problems = problemsAt(path);
  return (
    <div className={`field${inline ? ' field-inline' : ''}${problems.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {children(id)}
      {hint && <div className="hint">{hint}</div>}
      {problems.map((p) => (
        <div key={p} className="field-error">
          {p}
        </div>
      ))}
    </div>
  );
}
