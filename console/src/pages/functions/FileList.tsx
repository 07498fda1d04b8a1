import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The function's files; a new file gets a name first. */
export function FileList({
  files,
  binary,
  active,
  onSelect,
  onAdd,
  onRemove,
}: {
  files: string[];
  binary: string[];
  active: string;
  onSelect(name: string): void;
  onAdd(name: string): void;
  onRemove(name: string): void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const add = () => {
    const n = name.trim();
    if (n && !files.includes(n)) onAdd(n);
    setAdding(false);
    setName('');
  };
  return (
    <section className="file-list" aria-label={t('fn.files')}>
      <div className="file-list-head">
        <span>{t('fn.files')}</span>
        <button type="button" className="link-button" onClick={() => setAdding(true)}>
          + {t('fn.newFile')}
        </button>
      </div>
      {adding && (
        <form
          className="file-new"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input
            // biome-ignore lint/a11y/noAutofocus: the user just asked for a new file
            autoFocus
            aria-label={t('fn.newFileName')}
            placeholder="util.py"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={add}
          />
        </form>
      )}
      {[...files].sort().map((f) => (
        <div key={f} className={`file-item${f === active ? ' active' : ''}`}>
          <button type="button" className="file-name" onClick={() => onSelect(f)}>
            {f}
          </button>
          {files.length > 1 && (
            <button
              type="button"
              className="icon-button"
              aria-label={t('fn.removeFile', { file: f })}
              onClick={() => onRemove(f)}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {binary.map((f) => (
        <div key={f} className="file-item muted" title={t('fn.binaryFile')}>
          {f}
        </div>
      ))}
    </section>
  );
}
