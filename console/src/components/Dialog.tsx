import { type FormEvent, type ReactNode, useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons; a form dialog submits with the first submit button. */
  footer?: ReactNode;
  onSubmit?: () => void;
  wide?: boolean;
}

/** A modal dialog (Escape or × closes it). With onSubmit it is a form: Enter submits. */
export function Dialog({ title, onClose, children, footer, onSubmit, wide }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };
  const body = (
    <>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </>
  );
  return (
    <div className="dialog-backdrop">
      <div
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        {onSubmit ? <form onSubmit={submit}>{body}</form> : body}
      </div>
    </div>
  );
}
