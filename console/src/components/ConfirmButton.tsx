import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../hooks/action';
import { Dialog } from './Dialog';
import { ErrorBox } from './ErrorBox';

/** A button that asks first (e.g. Delete), then runs the action and shows its error. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  className = 'button-danger-link',
}: {
  label: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm(): Promise<unknown>;
  className?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const action = useAction();
  const close = () => {
    setOpen(false);
    action.clear();
  };
  const confirm = async () => {
    const done = await action.run(async () => {
      await onConfirm();
      return true;
    });
    if (done) setOpen(false);
  };
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open && (
        <Dialog
          title={title}
          onClose={close}
          footer={
            <>
              <button type="button" className="button" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-danger" disabled={action.busy} onClick={confirm}>
                {confirmLabel ?? t('common.delete')}
              </button>
            </>
          }
        >
          <p>{message}</p>
          <ErrorBox error={action.error} />
        </Dialog>
      )}
    </>
  );
}
